/**
 * Incremental validation over stdio stays exact: a sequence of edits inside one rule of
 * falco_rules.yaml (its description, its condition broken and repaired, a macro it no
 * longer uses) is published, after each edit, exactly as `falco-studio validate --json`
 * reports that text: same codes, messages and start positions.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type LoadResultsJson } from '../../../server/src/analysis';
import { packageRoot } from '../../../server/src/paths';
import { OFFICIAL_FILES, startServer, type LspSession } from './support';

const EDITED = OFFICIAL_FILES[0];
let session: LspSession;

before(async () => {
  session = await startServer();
});

after(async () => {
  await session.close();
});

/** The problems `validate --json` reports in the edited file when it holds `text`. */
function cliProblems(text: string): string[] {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-studio-edits-'));
  try {
    const paths = OFFICIAL_FILES.map((name) => path.join(folder, name));
    OFFICIAL_FILES.forEach((name, idx) => fs.writeFileSync(paths[idx], name === EDITED ? text : fs.readFileSync(path.join(session.folder, name))));
    const cli = spawnSync(process.execPath, [path.join(packageRoot(), 'out', 'cli', 'main.js'), 'validate', '--json', ...paths], { encoding: 'utf8' });
    const json = JSON.parse(cli.stdout) as LoadResultsJson;
    const problems = new Set<string>();
    for (const result of json.results) {
      for (const problem of [...result.errors, ...result.warnings]) {
        if (problem.file === paths[0]) {
          const message = problem.item_name !== '' ? `${problem.message} (${problem.item_type} '${problem.item_name}')` : problem.message;
          problems.add(`${problem.code}|${message}|${problem.position.line}:${problem.position.column}`);
        }
      }
    }
    return [...problems].sort();
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

test('after each edit inside a rule, diagnostics equal validate --json of that text', { timeout: 120_000 }, async () => {
  const original = fs.readFileSync(path.join(session.folder, EDITED), 'utf8');
  const replace = (text: string, find: string, by: string): string => {
    assert.ok(text.includes(find), find);
    return text.replace(find, by);
  };
  const described = replace(original, 'desc: >\n    Web applications', 'desc: >\n    Web x applications');
  const broken = replace(described, '(open_read or open_file_failed)', '(open_read or open_file_failed or proc.nme = x)');
  const repaired = replace(described, '(open_read or open_file_failed)', '( open_read or open_file_failed )');
  const withoutMacro = replace(repaired, 'and directory_traversal\n', 'and proc.name = traversal\n');
  const texts = [described, broken, repaired, withoutMacro, original];
  await session.open(EDITED, original);
  let codes = 0;
  for (const [idx, text] of texts.entries()) {
    const version = idx + 2;
    await session.change(EDITED, text, version);
    const published = await session.publication(EDITED, (params) => params.version === version, 30_000);
    const actual = published.diagnostics.map((diagnostic) => `${String(diagnostic.code)}|${diagnostic.message}|${diagnostic.range.start.line}:${diagnostic.range.start.character}`).sort();
    assert.deepEqual(actual, cliProblems(text), `edit ${idx + 1}`);
    codes += actual.length;
  }
  // The broken condition and the unused macro did show up.
  assert.ok(codes >= 2, `only ${codes} diagnostics over all edits`);
});
