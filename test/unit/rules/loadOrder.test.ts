/**
 * The editor and the CLI agree on load order: the façade's diagnostics for each file are
 * exactly the problems the CLI's per-file results (compiled after each file, like Falco)
 * locate in that file, with the same codes, messages and positions. Checked on a small
 * multi-file case, on the official rules files, and after an edit (cached re-validation).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { Analysis, loadRulesFiles, toLoadResultsJson } from '../../../server/src/analysis';
import { packageRoot } from '../../../server/src/paths';

const officialDir = path.join(packageRoot(), 'test', 'fixtures', 'rules');
const officialNames = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'];

/** The CLI's view: per located file, the distinct problems of every result, as sorted keys. */
function cliView(paths: readonly string[]): Map<string, string[]> {
  const json = toLoadResultsJson(loadRulesFiles(paths).results);
  const view = new Map<string, Set<string>>(paths.map((name) => [name, new Set<string>()]));
  for (const result of json.results) {
    for (const problem of [...result.errors, ...result.warnings]) {
      view.get(problem.file)?.add(`${problem.code}|${problem.message}|${problem.position.line}:${problem.position.column}`);
    }
  }
  return new Map([...view].map(([name, keys]) => [name, [...keys].sort()]));
}

/** The editor's view: the façade's diagnostics of each file, as sorted keys. */
function editorView(analysis: Analysis, paths: readonly string[]): Map<string, string[]> {
  return new Map(
    paths.map((name) => [name, analysis.diagnostics(name).map((problem) => `${problem.code}|${problem.message}|${problem.position.line}:${problem.position.column}`).sort()]),
  );
}

function tempFiles(files: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'load-order-'));
  return Object.entries(files).map(([name, text]) => {
    const filePath = path.join(dir, name);
    fs.writeFileSync(filePath, text);
    return filePath;
  });
}

test('a macro defined in a later file is undefined in the earlier one, in the editor as in the CLI', () => {
  const ruleText = '- rule: R\n  desc: d\n  condition: evt.type = open and later_macro\n  output: "o %proc.name"\n  priority: INFO\n';
  const paths = tempFiles({ 'a.yaml': ruleText, 'b.yaml': '- macro: later_macro\n  condition: proc.name = cat\n' });
  const analysis = new Analysis();
  analysis.setRulesFiles(paths);
  const editor = editorView(analysis, paths);
  assert.deepEqual(editor, cliView(paths));
  const problems = analysis.diagnostics(paths[0]);
  const undefinedMacro = problems.find((problem) => problem.code === 'LOAD_ERR_VALIDATE');
  assert.ok(undefinedMacro !== undefined, JSON.stringify(problems));
  assert.match(undefinedMacro.message, /later_macro/);
  assert.equal(undefinedMacro.position.offset, ruleText.indexOf('later_macro'));
});

test('on the official rules files the editor shows what validate reports, also after an edit', () => {
  const paths = officialNames.map((name) => path.join(officialDir, name));
  const analysis = new Analysis();
  analysis.setRulesFiles(paths);
  assert.deepEqual(editorView(analysis, paths), cliView(paths));

  // An edit that breaks one rule: the cached re-validation still equals a fresh CLI load.
  const original = fs.readFileSync(paths[0], 'utf8');
  const edited = original.replace('condition: >\n    spawned_process\n', 'condition: >\n    spawned_proces\n');
  assert.notEqual(edited, original);
  analysis.changeDocument(paths[0], edited);
  const editedPaths = tempFiles({ 'falco_rules.yaml': edited });
  const cli = cliView([editedPaths[0], paths[1], paths[2]]);
  const editor = editorView(analysis, paths);
  assert.deepEqual(editor.get(paths[0]), cli.get(editedPaths[0]));
  assert.deepEqual(editor.get(paths[1]), cli.get(paths[1]));
  assert.ok(editor.get(paths[0])?.some((key) => key.startsWith('LOAD_ERR_VALIDATE|')));
});
