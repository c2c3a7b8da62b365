/**
 * The advisory rules schema check (`server/src/schema/`): the official rules files pass it
 * (Falco's own CI loads them with the check on), hand-written violations fail it with a
 * warning naming the path and the node's position, and it sees the YAML as Falco's check
 * does (yaml-cpp nodes under valijson's weak types): scalars stay text, tags are ignored,
 * aliases are followed, any node passes as a string.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { loadRules } from '../../../server/src/compile/load';
import { packageRoot } from '../../../server/src/paths';
import { checkRulesSchema, formatSchemaPath, type SchemaResult } from '../../../server/src/schema';

const fixtures = path.join(packageRoot(), 'test', 'fixtures', 'rules');
const golden = path.join(packageRoot(), 'test', 'golden', 'valid');

const rule = (name: string, extra = '', priority = 'INFO'): string =>
  `- rule: ${name}\n  desc: d\n  condition: evt.type = open\n  output: "o %proc.name"\n  priority: ${priority}\n${extra}`;

/** Each warning as `line:column path` (1-based), the path being the message up to its first ': '. */
function located(result: SchemaResult): string[] {
  return result.warnings.map((warning) => `${warning.line + 1}:${warning.column + 1} ${warning.path}`);
}

function loadSuccessful(text: string): boolean {
  return loadRules([{ name: 'f.yaml', text }], { compileEachFile: true }).results[0].successful;
}

test('every official rules file (Falco and plugins) is schema-valid', () => {
  const files = [
    ...fs.readdirSync(fixtures).filter((name) => name.endsWith('.yaml')).map((name) => path.join(fixtures, name)),
    ...fs.readdirSync(path.join(fixtures, 'plugins')).filter((name) => name.endsWith('.yaml')).map((name) => path.join(fixtures, 'plugins', name)),
  ];
  assert.ok(files.length >= 10, `expected the official files, found ${files.length}`);
  for (const file of files) {
    const result = checkRulesSchema(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(result, { valid: true, warnings: [] }, file);
  }
});

test('an unknown key in a rule is reported at the key, under the item', () => {
  const result = checkRulesSchema(rule('R', '  enabeld: false\n'));
  assert.equal(result.valid, false);
  assert.deepEqual(located(result), ['6:3 /0']);
  assert.equal(result.warnings[0].message, '/0: unknown key "enabeld" (the schema allows no other keys here)');
});

test('enabled must be the text true or false: yes, True and on are not (the loader takes them)', () => {
  for (const value of ['yes', 'True', 'on', '1', '[true]']) {
    const text = rule('R', `  enabled: ${value}\n`);
    const result = checkRulesSchema(text);
    assert.equal(result.valid, false, value);
    assert.deepEqual(located(result), ['6:12 /0/enabled'], value);
    assert.match(result.warnings[0].problem, /^expected a boolean \(true or false\), found /);
  }
  assert.ok(loadSuccessful(rule('R', '  enabled: yes\n')));
  // Weak types: the quoted text "false" is the boolean false too.
  for (const value of ['true', 'false', '"false"']) {
    assert.deepEqual(checkRulesSchema(rule('R', `  enabled: ${value}\n`)), { valid: true, warnings: [] }, value);
  }
});

test('priorities are upper case in the schema although the loader accepts any case', () => {
  const text = `${rule('A', '', 'info')}${rule('B', '', 'Warning')}${rule('C', '', 'INFORMATIONAL')}`;
  assert.ok(loadSuccessful(text));
  const result = checkRulesSchema(text);
  assert.deepEqual(located(result), ['5:13 /0/priority', '10:13 /1/priority']);
  assert.match(result.warnings[0].problem, /^the scalar "info" is not one of EMERGENCY, .*DEBUG \(the schema spells it "INFO"/);
  // The golden file that exercises every case is valid for the loader, not for the schema.
  const anyCase = checkRulesSchema(fs.readFileSync(path.join(golden, 'priorities_any_case.yaml'), 'utf8'));
  assert.equal(anyCase.valid, false);
  assert.ok(anyCase.warnings.every((warning) => warning.path.endsWith('/priority')));
});

test('wrong shapes: items, tags and exceptions that are not sequences, a bad integer', () => {
  const text = [
    '- list: l\n  items: cat\n',
    rule('R', '  tags: network\n  capture_duration: 10s\n'),
    rule('S', '  capture_duration: 9223372036854775808\n'),
    rule('T', '  capture_duration: -12\n  capture_events: +3\n'),
  ].join('');
  const result = checkRulesSchema(text);
  assert.deepEqual(located(result), ['2:10 /0/items', '8:9 /1/tags', '9:21 /1/capture_duration', '15:21 /2/capture_duration']);
  assert.match(result.warnings[0].message, /^\/0\/items: expected a sequence, found the scalar "cat"$/);
  assert.match(result.warnings[2].message, /^\/1\/capture_duration: expected an integer, found the scalar "10s"$/);
});

test('exceptions, override and plugin requirements: required keys, closed mappings, modes', () => {
  const text = [
    rule('R', '  exceptions:\n    - fields: [proc.name]\n      values: [[cat]]\n    - name: e2\n      field: proc.name\n'),
    '- rule: R\n  override:\n    condition: merge\n    source: replace\n',
    '- rule: R\n  override: {}\n',
    '- required_plugin_versions:\n    - name: k8saudit\n      alternatives:\n        - name: k8saudit-eks\n          version: 0.1.0\n          url: x\n',
  ].join('');
  const result = checkRulesSchema(text);
  assert.deepEqual(
    result.warnings.map((warning) => warning.message.replace(/ \(.*\)$/, '')),
    [
      '/0/exceptions/0: missing required key "name"',
      '/0/exceptions/1: unknown key "field"',
      '/1/override/condition: the scalar "merge" is not one of append, replace',
      '/1/override: unknown key "source"',
      '/2/override: expected at least 1 key, found 0',
      '/3/required_plugin_versions/0/alternatives/0: unknown key "url"',
      '/3/required_plugin_versions/0: missing required key "version"',
    ],
  );
});

test('scalars are source text: numbers, yes and = are strings; a tagged desc is its text', () => {
  const text = `- list: l\n  items: [0700, 1.10, yes, =, "x y", 12]\n${rule('R', '  tags: [1, true, yes]\n')}`;
  assert.deepEqual(checkRulesSchema(text), { valid: true, warnings: [] });
  // `desc: != after ...` is the local tag `!=` on a string: yaml-cpp ignores it, so does the check.
  const tagged = fs.readFileSync(path.join(golden, 'tag_quirk_desc.yaml'), 'utf8');
  assert.match(tagged, /desc: !=/);
  assert.deepEqual(checkRulesSchema(tagged), { valid: true, warnings: [] });
});

test('any node passes as a string, as with valijson over yaml-cpp (every node is a "string" there)', () => {
  // Not what a JSON validator would say, but what Falco's check does: only type mismatches
  // against boolean, integer, sequence and mapping, enums and keys are reported.
  const text = rule('R', '  tags: [[a], {b: 1}]\n  source: [x]\n').replace('desc: d', 'desc: {a: 1}');
  assert.deepEqual(checkRulesSchema(text), { valid: true, warnings: [] });
});

test('null values: the loader skips null items and accepts `exceptions:`, the schema does not', () => {
  const nullItems = fs.readFileSync(path.join(golden, 'null_items_skipped.yaml'), 'utf8');
  assert.ok(loadSuccessful(nullItems));
  const result = checkRulesSchema(nullItems);
  assert.equal(result.valid, false);
  assert.ok(result.warnings.every((warning) => warning.problem === 'expected a mapping, found an empty value'));
  const emptyExceptions = rule('R', '  exceptions:\n');
  assert.ok(loadSuccessful(emptyExceptions));
  assert.deepEqual(located(checkRulesSchema(emptyExceptions)), ['6:14 /0/exceptions']);
  // `~` and `null` are null too; a quoted "null" is text.
  assert.deepEqual(located(checkRulesSchema(rule('R', '  tags: ~\n  enabled: null\n'))), ['6:9 /0/tags', '7:12 /0/enabled']);
});

test('documents: each is checked, paths after the first name it; comments only is valid', () => {
  const text = `${rule('A', '', 'info')}---\n${rule('B', '', 'debug')}`;
  assert.deepEqual(located(checkRulesSchema(text)), ['5:13 /0/priority', '11:13 document 2 /0/priority']);
  assert.deepEqual(checkRulesSchema('# nothing here\n'), { valid: true, warnings: [] });
  assert.deepEqual(checkRulesSchema(''), { valid: true, warnings: [] });
  // A mapping document is not a sequence.
  assert.deepEqual(located(checkRulesSchema('rule: R\n')), ['1:1 /']);
});

test('aliases are followed: the anchored item is checked again where it is used', () => {
  // The second finding's path is the alias's; its position is the text at fault, in the anchor.
  const text = `- &r\n  rule: R\n  desc: d\n  priority: info\n- *r\n- *r\n`;
  assert.deepEqual(located(checkRulesSchema(text)), ['4:13 /0/priority', '4:13 /1/priority', '4:13 /2/priority']);
  // An alias to a scalar is located at the alias.
  assert.deepEqual(located(checkRulesSchema(`- list: l\n  items: &i x\n- list: m\n  items: *i\n`)), ['2:13 /0/items', '4:10 /1/items']);
});

test('bad YAML: not checked, schema_valid false, one warning where the parse failed', () => {
  const result = checkRulesSchema('- rule: R\n  tags: [a, b\n');
  assert.equal(result.valid, false);
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0].message, /^\/: the schema was not checked: /);
});

test('never throws on hostile input; deep nesting is reported, not followed', () => {
  for (const text of ['['.repeat(3000), `${'- '.repeat(1500)}x\n`, '\u0000\uFFFF', '- *missing\n', ': : :\n']) {
    const result = checkRulesSchema(text);
    assert.equal(typeof result.valid, 'boolean');
  }
  const deep = checkRulesSchema(`- rule: R\n  tags: ${'['.repeat(1200)}${']'.repeat(1200)}\n`);
  assert.equal(deep.valid, false);
  assert.match(deep.warnings[0].problem, /^the schema was not checked: the YAML is nested too deeply to read$/);
  // Nesting the reader handles is checked.
  assert.deepEqual(checkRulesSchema(`- rule: R\n  tags: ${'['.repeat(300)}${']'.repeat(300)}\n`), { valid: true, warnings: [] });
});

test('paths escape ~ and / like JSON pointers', () => {
  assert.equal(formatSchemaPath(0, [3, 'a/b~c']), '/3/a~1b~0c');
  assert.equal(formatSchemaPath(0, []), '/');
  assert.equal(formatSchemaPath(2, [0]), 'document 3 /0');
  const result = checkRulesSchema(rule('R', '  "a/b": 1\n'));
  assert.equal(result.warnings[0].message, '/0: unknown key "a/b" (the schema allows no other keys here)');
});

test("outcomes Falco's own engine tests record (ok or failed), on files of our own", () => {
  // Each case: a text, whether Falco's schema check passes it, and whether the load succeeds.
  const base = rule('base', '  exceptions:\n    - name: ex\n      fields: [proc.name]\n      comps: [=]\n      values:\n        - [proc.pname]\n        - ["with space"]\n');
  const cases: [string, string, boolean, boolean][] = [
    ['an integer engine version', `- required_engine_version: 26\n${rule('R')}`, true, true],
    ['a semver engine version', `- required_engine_version: 0.26.0\n${rule('R')}`, true, true],
    ['an engine version that is no version', `- required_engine_version: seven\n${rule('R')}`, true, false],
    ['a misspelled override key on a list', '- list: bins\n  items: [cat]\n  overide:\n    items: append\n', false, true],
    ['an appended exception with a misspelled values key', `${base}- rule: base\n  exceptions:\n    - name: ex\n      value: x\n  override:\n    exceptions: append\n`, false, true],
    ['an override that appends to priority', `${rule('R')}- rule: R\n  priority: WARNING\n  override:\n    priority: append\n`, true, false],
    ['legacy append and enabled', `${rule('R', '  enabled: false\n')}- rule: R\n  condition: and proc.name = cat\n  append: true\n`, true, true],
    ['exception values as nested sequences', base, true, true],
  ];
  for (const [what, text, schemaValid, loads] of cases) {
    assert.equal(checkRulesSchema(text).valid, schemaValid, what);
    assert.equal(loadSuccessful(text), loads, what);
  }
});
