/**
 * Golden diagnostics: every `test/golden/diagnostics/<case>.yaml` (or multi-file
 * `<case>.N.yaml` group) is loaded and its problems compared with `<case>.diagnostics.txt`.
 * A missing expected file is written; `UPDATE_GOLDEN=1` rewrites them all (review the diff).
 * Also checks that every load code the loader can raise appears in some expected file.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { goldenCases, loadCase, renderDiagnostics, sourceFolder } from './goldenSupport';

const folder = sourceFolder('diagnostics');
const cases = goldenCases(folder);

test('the diagnostics corpus has at least 100 cases', () => {
  assert.ok(cases.length >= 100, `only ${cases.length} cases`);
});

for (const goldenCase of cases) {
  test(`diagnostics: ${goldenCase.name}`, () => {
    const actual = renderDiagnostics(loadCase(goldenCase));
    const expectedFile = path.join(folder, `${goldenCase.name}.diagnostics.txt`);
    if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(expectedFile)) {
      fs.writeFileSync(expectedFile, actual);
    }
    assert.equal(actual, fs.readFileSync(expectedFile, 'utf8'));
  });
}

test('every load code the loader raises is covered by a golden case', () => {
  const covered = new Set<string>();
  for (const entry of fs.readdirSync(folder)) {
    if (entry.endsWith('.diagnostics.txt')) {
      for (const match of fs.readFileSync(path.join(folder, entry), 'utf8').matchAll(/ (LOAD_[A-Z_]+) /g)) {
        covered.add(match[1]);
      }
    }
  }
  const raised = [
    'LOAD_ERR_YAML_PARSE', 'LOAD_ERR_YAML_VALIDATE', 'LOAD_ERR_COMPILE_CONDITION', 'LOAD_ERR_COMPILE_OUTPUT', 'LOAD_ERR_VALIDATE',
    'LOAD_UNKNOWN_SOURCE', 'LOAD_UNSAFE_NA_CHECK', 'LOAD_NO_EVTTYPE', 'LOAD_UNKNOWN_FILTER', 'LOAD_UNUSED_MACRO', 'LOAD_UNUSED_LIST',
    'LOAD_UNKNOWN_ITEM', 'LOAD_DEPRECATED_ITEM', 'LOAD_APPEND_NO_VALUES', 'LOAD_EXCEPTION_NAME_NOT_UNIQUE', 'LOAD_INVALID_MACRO_NAME',
    'LOAD_INVALID_LIST_NAME', 'LOAD_COMPILE_CONDITION', 'LOAD_UNKNOWN_KEY',
  ];
  assert.deepEqual(raised.filter((code) => !covered.has(code)), []);
});
