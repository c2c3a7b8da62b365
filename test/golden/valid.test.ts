/**
 * The valid corpus: every `test/golden/valid/<case>.yaml` (or `<case>.N.yaml` group) loads
 * with no error at all (override files, transformers, every operator, every attribute).
 * Warnings are allowed only when the case's first line says `# warnings: CODE,...`.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import { test } from 'node:test';
import { isErrorCode } from '../../server/src/rules/loadCodes';
import { goldenCases, loadCase, renderDiagnostics, sourceFolder } from './goldenSupport';

const cases = goldenCases(sourceFolder('valid'));

test('the valid corpus is not empty', () => {
  assert.ok(cases.length >= 20, `only ${cases.length} cases`);
});

for (const goldenCase of cases) {
  test(`valid: ${goldenCase.name}`, () => {
    const outcome = loadCase(goldenCase);
    const errors = outcome.problems.filter((problem) => isErrorCode(problem.code));
    assert.equal(errors.length, 0, renderDiagnostics(outcome));
    const firstLine = fs.readFileSync(goldenCase.files[0], 'utf8').split('\n')[0];
    const allowed = /^# warnings: (.*)$/.exec(firstLine)?.[1].split(',').map((code) => code.trim()) ?? [];
    const warnings = outcome.problems.map((problem) => problem.code).filter((code) => !allowed.includes(code));
    assert.deepEqual(warnings, [], renderDiagnostics(outcome));
    assert.ok(outcome.compiled.rules.every((rule) => rule.status === 'ok'), 'every rule compiles');
  });
}
