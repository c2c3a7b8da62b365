/**
 * The `falco-studio validate` contract (design.md): JSON shape, exit codes, file order, one
 * result per file with compilation over the files so far, text mode, unreadable files.
 * Runs the built CLI (`out/cli/main.js`) as a child process.
 */
import assert from 'node:assert/strict';
import * as path from 'path';
import { test } from 'node:test';
import { packageRoot } from '../../../server/src/paths';
import { validateCli } from '../../support/validateCli';

const fixtures = path.join(packageRoot(), 'test', 'fixtures', 'rules');
const { tmp, write, run } = validateCli('falco-studio-validate-');



interface JsonProblem {
  code: string;
  message: string;
  item_type: string;
  item_name: string;
  position: { line: number; column: number; offset: number };
}

interface JsonResult {
  file: string;
  successful: boolean;
  errors: JsonProblem[];
  warnings: JsonProblem[];
}

function runJson(...files: string[]): { code: number | null; results: JsonResult[] } {
  const res = run('--json', ...files);
  return { code: res.code, results: (JSON.parse(res.stdout) as { results: JsonResult[] }).results };
}

const rule = (name: string, condition: string): string =>
  `- rule: ${name}\n  desc: d\n  condition: ${condition}\n  output: "o %proc.name"\n  priority: INFO\n`;

test('official files: exit 0, one successful result per file, in order', () => {
  const files = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((name) => path.join(fixtures, name));
  const { code, results } = runJson(...files);
  assert.equal(code, 0);
  assert.deepEqual(results.map((result) => result.file), files);
  assert.ok(results.every((result) => result.successful && result.errors.length === 0 && result.warnings.length === 0));
});

test('the JSON shape of an error and a warning', () => {
  const file = write('shape.yaml', `- list: unused\n  items: [a]\n${rule('R', 'evt.type = open and proc.nme = x')}`);
  const { code, results } = runJson(file);
  assert.equal(code, 1);
  assert.equal(results.length, 1);
  assert.equal(results[0].successful, false);
  assert.deepEqual(results[0].errors, [
    {
      code: 'LOAD_ERR_COMPILE_CONDITION',
      message: 'filter_check called with nonexistent field proc.nme',
      item_type: 'rule',
      item_name: 'R',
      position: { line: 4, column: 33, offset: 81 },
      file,
    },
  ]);
  assert.deepEqual(results[0].warnings.map((warning) => [warning.code, warning.item_type, warning.item_name, warning.position.line, warning.position.column]), [
    ['LOAD_UNUSED_LIST', 'list', 'unused', 0, 8],
  ]);
});

test('files load in the order given: a later file may use an earlier one, not the reverse', () => {
  const macros = write('macros.yaml', '- macro: is_cat\n  condition: proc.name = cat\n');
  const rules = write('rules.yaml', rule('R', 'evt.type = open and is_cat'));
  const inOrder = runJson(macros, rules);
  assert.equal(inOrder.code, 0);
  // The macro is unused after the first file alone, used once the second is loaded.
  assert.deepEqual(inOrder.results[0].warnings.map((warning) => warning.code), ['LOAD_UNUSED_MACRO']);
  assert.deepEqual(inOrder.results[1].warnings, []);
  const reversed = runJson(rules, macros);
  assert.equal(reversed.code, 1);
  assert.equal(reversed.results[0].errors[0].message, "Undefined macro 'is_cat' used in filter.");
});

test('a later file breaking an earlier rule fails the later result, pointing into the earlier file', () => {
  const first = write('first.yaml', `- macro: m\n  condition: evt.type = open\n${rule('R', 'm')}`);
  const second = write('second.yaml', '- macro: m\n  condition: proc.nme = x\n');
  const { code, results } = runJson(first, second);
  assert.equal(code, 1);
  assert.equal(results[0].successful, true);
  assert.equal(results[1].successful, false);
  assert.equal(results[1].errors[0].code, 'LOAD_ERR_COMPILE_CONDITION');
  assert.equal((results[1].errors[0] as JsonProblem & { file: string }).file, second);
});

test('text mode: compiler-style lines and Falco verdicts', () => {
  const good = write('good.yaml', rule('R', 'evt.type = open'));
  const warned = write('warned.yaml', rule('R2', 'proc.name = cat'));
  const bad = write('bad.yaml', '- rule: R3\n  desc: d\n');
  const res = run(good, warned, bad);
  assert.equal(res.code, 1);
  const lines = res.stdout.trim().split('\n');
  assert.deepEqual(lines, [
    `${good}: Ok`,
    `${warned}:1:3: warning LOAD_NO_EVTTYPE Rule matches too many evt.type values. This has a significant performance penalty.`,
    `${warned}: Ok, with warnings`,
    `${bad}:1:3: error LOAD_ERR_YAML_VALIDATE Item has no mapping for key 'condition'`,
    `${warned}:1:3: warning LOAD_NO_EVTTYPE Rule matches too many evt.type values. This has a significant performance penalty.`,
    `${bad}: Invalid`,
  ]);
});

test('an unreadable file is a clear error with exit 1', () => {
  const missing = path.join(tmp, 'missing.yaml');
  const res = run(missing);
  assert.equal(res.code, 1);
  assert.match(res.stderr, /cannot read rules file .*missing\.yaml/);
  const json = run('--json', missing);
  assert.equal(json.code, 1);
  const results = (JSON.parse(json.stdout) as { results: JsonResult[] }).results;
  assert.equal(results[0].errors[0].code, 'LOAD_ERR_FILE_READ');
  // The other files are still validated, in order.
  const bad = write('still_checked.yaml', rule('R', 'evt.type = open and proc.nme = x'));
  const mixed = runJson(missing, bad);
  assert.equal(mixed.code, 1);
  assert.deepEqual(mixed.results.map((result) => result.errors.map((error) => error.code)), [['LOAD_ERR_FILE_READ'], ['LOAD_ERR_COMPILE_CONDITION']]);
});

test('usage errors exit 2', () => {
  assert.equal(run().code, 2);
  assert.equal(run('--bogus', path.join(fixtures, 'falco_rules.yaml')).code, 2);
});
