/**
 * The analysis façade: diagnostics per document, Falco's first error first, definitions and
 * references, rule event types, and the compiled rule set (deterministic, positions on every
 * node, scalars kept as source text).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analysis } from '../../../server/src/analysis';
import { type ConditionNode } from '../../../server/src/compile/format';
import { loadRules } from '../../../server/src/compile/load';

const rule = (name: string, condition: string, extra = ''): string =>
  `- rule: ${name}\n  desc: d\n  condition: ${condition}\n  output: "o %proc.name"\n  priority: INFO\n${extra}`;

test("a file's first error is Falco's: reading errors come before compilation errors", () => {
  const text = `${rule('A', 'evt.type = open and proc.nme = x')}- list: l\n`;
  const result = loadRules([{ name: 'f.yaml', text }], { compileEachFile: true }).results[0];
  assert.deepEqual(result.errors.map((error) => error.code), ['LOAD_ERR_YAML_VALIDATE', 'LOAD_ERR_COMPILE_CONDITION']);
});

test('output errors come before condition errors of the same rule (Falco checks the output first)', () => {
  const text = rule('A', 'evt.type = open and proc.nme = x').replace('%proc.name', '%proc.nme');
  const result = loadRules([{ name: 'f.yaml', text }], { compileEachFile: true }).results[0];
  assert.deepEqual(result.errors.map((error) => error.code), ['LOAD_ERR_COMPILE_OUTPUT']);
});

test('diagnostics follow document edits; definitions, references and event types', () => {
  const analysis = new Analysis();
  const base = `- list: bins\n  items: [cat]\n- macro: m\n  condition: evt.type in (open, openat)\n${rule('R', 'm and proc.name in (bins)')}`;
  analysis.openDocument('a.yaml', base);
  analysis.setRulesFiles(['a.yaml']);
  assert.deepEqual(analysis.diagnostics('a.yaml'), []);
  const names = analysis.definitions().map((location) => `${location.kind}:${location.name}@${location.start}`);
  assert.deepEqual(names, [`list:bins@${base.indexOf('bins')}`, `macro:m@${base.indexOf('m\n')}`, `rule:R@${base.indexOf('R\n')}`]);
  const references = analysis.references().map((location) => `${location.kind}:${location.name}@${location.start}`);
  assert.deepEqual(references.sort(), [`list:bins@${base.lastIndexOf('bins')}`, `macro:m@${base.indexOf('m and')}`].sort());
  assert.deepEqual(analysis.ruleEventTypes('R')?.names, ['open', 'openat']);

  analysis.changeDocument('a.yaml', base.replace('proc.name in', 'proc.nam in'));
  const problems = analysis.diagnostics('a.yaml');
  assert.equal(problems.length, 1);
  assert.equal(problems[0].message, 'filter_check called with nonexistent field proc.nam');
  assert.equal(problems[0].position.offset, base.indexOf('proc.name in'));
});

test('an open document that is not a configured rules file loads after them', () => {
  const analysis = new Analysis();
  analysis.openDocument('base.yaml', '- macro: is_cat\n  condition: proc.name = cat\n');
  analysis.openDocument('custom.yaml', rule('R', 'evt.type = open and is_cat'));
  analysis.setRulesFiles(['base.yaml']);
  assert.deepEqual(analysis.diagnostics('custom.yaml'), []);
});

test('the compiled rule set: deterministic, positions on every node, source-text values', () => {
  const text = `- list: modes\n  items: [0700, 1.10, yes]\n${rule('R', 'evt.type = open and proc.name in (modes)', '  tags: [b, a, b]\n')}${rule('Off', 'evt.type = close', '  enabled: false\n')}`;
  const analysis = new Analysis();
  analysis.openDocument('r.yaml', text);
  analysis.setRulesFiles(['r.yaml']);
  const ruleSet = analysis.compiledRuleSet();
  assert.equal(JSON.stringify(ruleSet), JSON.stringify(analysis.compiledRuleSet()));
  assert.deepEqual(ruleSet.rules.map((compiled) => [compiled.id, compiled.name, compiled.enabled, compiled.priority]), [
    [0, 'R', true, 'Informational'],
    [1, 'Off', false, 'Informational'],
  ]);
  const first = ruleSet.rules[0];
  assert.deepEqual(first.tags, ['a', 'b']);
  assert.deepEqual(first.position, { file: 0, line: 2, column: 8 });
  const condition = first.condition as Extract<ConditionNode, { kind: 'and' }>;
  const inCheck = condition.children[1] as Extract<ConditionNode, { kind: 'check' }>;
  assert.deepEqual(inCheck.rhs, { kind: 'list', values: ['0700', '1.10', 'yes'] });
  // The check's position is where `proc.name` is written in the file.
  assert.deepEqual(inCheck.position, { file: 0, line: 4, column: text.split('\n')[4].indexOf('proc.name') });
  assert.deepEqual(first.output, [{ kind: 'text', text: 'o ' }, { kind: 'field', expr: { kind: 'field', name: 'proc.name' } }]);
  assert.notEqual(first.evtCodes, 'all');
});
