/**
 * `falco-studio validate` and Falco's advisory schema check (Falco >= 0.39): every result
 * gains `schema_valid` and `schema_warnings` (additive; the rest of the contract is
 * unchanged), the check never changes `successful` or the exit code, and text mode adds
 * `file:line:col: info schema <path>: <problem>` lines before the verdict without touching
 * the `error|warning CODE` lines. Runs the built CLI (`out/cli/main.js`) as a child process.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { packageRoot } from '../../../server/src/paths';
import { validateCli } from '../../support/validateCli';

const fixtures = path.join(packageRoot(), 'test', 'fixtures', 'rules');
const { tmp, write, run } = validateCli('falco-studio-schema-');

interface JsonResult {
  file: string;
  successful: boolean;
  errors: { code: string }[];
  warnings: { code: string }[];
  schema_valid: boolean;
  schema_warnings: string[];
}



function runJson(...files: string[]): { code: number | null; results: JsonResult[] } {
  const res = run('--json', ...files);
  return { code: res.code, results: (JSON.parse(res.stdout) as { results: JsonResult[] }).results };
}

const rule = (name: string, priority: string, extra = ''): string =>
  `- rule: ${name}\n  desc: d\n  condition: evt.type = open\n  output: "o %proc.name"\n  priority: ${priority}\n${extra}`;

test('official files, Falco and plugins: schema_valid true, no schema warnings', () => {
  const plugins = fs.readdirSync(path.join(fixtures, 'plugins')).filter((name) => name.endsWith('.yaml'));
  const files = [
    ...['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml', 'falco-deprecated_rules.yaml'].map((name) => path.join(fixtures, name)),
    ...plugins.map((name) => path.join(fixtures, 'plugins', name)),
  ];
  // One run (the schema is checked per file, whatever the load order does to the load results).
  const { results } = runJson(...files);
  assert.deepEqual(results.map((result) => result.file), files);
  for (const result of results) {
    assert.equal(result.schema_valid, true, result.file);
    assert.deepEqual(result.schema_warnings, [], result.file);
  }
});

test('the JSON fields: additive, one per result, never changing successful or the exit code', () => {
  const lower = write('lower.yaml', rule('R', 'info', '  enabled: yes\n  colour: red\n'));
  const good = write('good.yaml', rule('G', 'INFO'));
  const { code, results } = runJson(lower, good);
  // The loader accepts any case, yes as a boolean, and only warns about the unknown key.
  assert.equal(code, 0);
  assert.deepEqual(results.map((result) => [result.file, result.successful, result.schema_valid]), [
    [lower, true, false],
    [good, true, true],
  ]);
  assert.deepEqual(results[0].warnings.map((warning) => warning.code), ['LOAD_UNKNOWN_KEY']);
  assert.deepEqual(results[0].schema_warnings, [
    '/0/priority: the scalar "info" is not one of EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFO, INFORMATIONAL, DEBUG (the schema spells it "INFO": it compares case-sensitively, the loader does not)',
    '/0/enabled: expected a boolean (true or false), found the scalar "yes"',
    '/0: unknown key "colour" (the schema allows no other keys here)',
  ]);
  assert.deepEqual(Object.keys(results[0]), ['file', 'successful', 'errors', 'warnings', 'schema_valid', 'schema_warnings']);
  // A failing load keeps its exit code whatever the schema says.
  const broken = write('broken.yaml', rule('B', 'INFO').replace('evt.type = open', 'evt.type = open and proc.nme = x'));
  const failed = runJson(broken);
  assert.equal(failed.code, 1);
  assert.equal(failed.results[0].successful, false);
  assert.equal(failed.results[0].schema_valid, true);
});

test('text mode: info schema lines before the verdict, load lines unchanged, verdict unchanged', () => {
  const lower = write('lower_text.yaml', `- list: l\n  items: cat\n${rule('R', 'debug')}`);
  const res = run(lower);
  assert.equal(res.code, 1);
  const lines = res.stdout.trim().split('\n');
  assert.deepEqual(lines, [
    `${lower}:2:10: error LOAD_ERR_YAML_VALIDATE Value is not a sequence`,
    `${lower}:2:10: info schema /0/items: expected a sequence, found the scalar "cat"`,
    `${lower}:7:13: info schema /1/priority: the scalar "debug" is not one of EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFO, INFORMATIONAL, DEBUG (the schema spells it "DEBUG": it compares case-sensitively, the loader does not)`,
    `${lower}: Invalid`,
  ]);
  // Every line is either a load problem, a schema line or a verdict.
  for (const line of lines) {
    assert.match(line, /^.+:\d+:\d+: (error|warning) [A-Z_]+ .+$|^.+:\d+:\d+: info schema \S+: .+$|^.+: (Ok|Ok, with warnings|Invalid)$/);
  }
  // A schema-only finding leaves the verdict Ok.
  const okFile = write('ok_text.yaml', rule('R', 'Notice'));
  const ok = run(okFile);
  assert.equal(ok.code, 0);
  assert.deepEqual(ok.stdout.trim().split('\n').slice(-1), [`${okFile}: Ok`]);
  assert.match(ok.stdout, /:5:13: info schema \/0\/priority: /);
});

test('unreadable and unparsable files: schema_valid false, saying the schema was not checked', () => {
  const missing = path.join(tmp, 'missing.yaml');
  const unreadable = runJson(missing);
  assert.equal(unreadable.results[0].schema_valid, false);
  assert.match(unreadable.results[0].schema_warnings[0], /^\/: the schema was not checked: the file could not be read/);
  const bad = write('bad_yaml.yaml', '- rule: R\n  tags: [a, b\n');
  const unparsable = runJson(bad);
  assert.equal(unparsable.results[0].errors[0].code, 'LOAD_ERR_YAML_PARSE');
  assert.equal(unparsable.results[0].schema_valid, false);
  assert.match(unparsable.results[0].schema_warnings[0], /^\/: the schema was not checked: /);
});
