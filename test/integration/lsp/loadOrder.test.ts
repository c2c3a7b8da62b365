/**
 * The editor shows what `falco-studio validate --json` reports: over stdio, the diagnostics
 * published for every file of a workspace (the official rules files, then a file using a
 * macro that only a later file defines) equal the problems of the CLI's per-file results
 * located in that file: same codes, messages and start positions.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { type Diagnostic } from 'vscode-languageserver/node';
import { type LoadResultsJson } from '../../../server/src/analysis';
import { packageRoot } from '../../../server/src/paths';
import { OFFICIAL_FILES, startServer, type LspSession } from './support';

const USES_LATER_MACRO = `- rule: Uses a later macro
  desc: the macro is defined in a file loaded after this one
  condition: evt.type = open and defined_later
  output: Open (proc.name=%proc.name)
  priority: NOTICE
`;

const DEFINES_MACRO = `- macro: defined_later
  condition: proc.name = cat
`;

const EXTRA: Record<string, string> = { 'a_rules.yaml': USES_LATER_MACRO, 'b_rules.yaml': DEFINES_MACRO };
const ORDER = [...OFFICIAL_FILES, 'a_rules.yaml', 'b_rules.yaml'];

let session: LspSession;

before(async () => {
  session = await startServer(EXTRA);
});

after(async () => {
  await session.close();
});

function key(code: unknown, message: string, line: number, column: number): string {
  return `${String(code)}|${message}|${line}:${column}`;
}

test('editor diagnostics equal validate --json on the official files and a multi-file case', { timeout: 60_000 }, async () => {
  const paths = ORDER.map((name) => path.join(session.folder, name));
  const cli = spawnSync(process.execPath, [path.join(packageRoot(), 'out', 'cli', 'main.js'), 'validate', '--json', ...paths], { encoding: 'utf8' });
  const json = JSON.parse(cli.stdout) as LoadResultsJson;
  const expected = new Map<string, Set<string>>(paths.map((file) => [file, new Set<string>()]));
  for (const result of json.results) {
    for (const problem of [...result.errors, ...result.warnings]) {
      const message = problem.item_name !== '' ? `${problem.message} (${problem.item_type} '${problem.item_name}')` : problem.message;
      expected.get(problem.file)?.add(key(problem.code, message, problem.position.line, problem.position.column));
    }
  }
  // The earlier file gets Falco's error: the macro is not defined yet when it is compiled.
  assert.ok([...(expected.get(paths[3]) ?? [])].some((entry) => entry.startsWith('LOAD_ERR_VALIDATE|')), cli.stdout);

  await session.diagnostics('a_rules.yaml', (list) => list.length > 0);
  for (const [idx, name] of ORDER.entries()) {
    const diagnostics: Diagnostic[] = await session.diagnostics(name);
    const actual = diagnostics.map((diagnostic) => key(diagnostic.code, diagnostic.message, diagnostic.range.start.line, diagnostic.range.start.character)).sort();
    assert.deepEqual(actual, [...(expected.get(paths[idx]) ?? [])].sort(), name);
  }
});
