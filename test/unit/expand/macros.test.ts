/**
 * Macro resolution through the loader (§5.2): visibility by index, redefinition, loops,
 * undefined macros, what counts as "used", expansion text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analysis } from '../../../server/src/analysis';
import { loadRules } from '../../../server/src/compile/load';

function problems(text: string): string[] {
  return loadRules([{ name: 'm.yaml', text }], { compileEachFile: false }).problems.map((problem) => `${problem.code} ${problem.itemName}: ${problem.message}`);
}

const rule = (condition: string): string => `- rule: R\n  desc: d\n  condition: ${condition}\n  output: o\n  priority: INFO\n`;

test('a redefined macro is seen by macros defined before the redefinition (macro_order)', () => {
  const analysis = new Analysis();
  analysis.openDocument(
    'order.yaml',
    `- macro: is_cat\n  condition: proc.name = cat\n- macro: opened\n  condition: evt.type = open and is_cat\n- macro: is_cat\n  condition: proc.name = dog\n${rule('opened')}`,
  );
  analysis.setRulesFiles(['order.yaml']);
  assert.equal(analysis.macroExpansion('opened'), 'evt.type = open and proc.name = dog');
  assert.deepEqual(analysis.diagnostics('order.yaml'), []);
});

test('a macro cannot use a macro first defined after it', () => {
  assert.deepEqual(problems(`- macro: a\n  condition: b\n- macro: b\n  condition: evt.type = open\n${rule('a')}`), [
    "LOAD_ERR_VALIDATE a: Undefined macro 'b' used in filter.",
    // b is never substituted anywhere, so it is also unused.
    'LOAD_UNUSED_MACRO b: Macro not referred to by any other rule/macro',
  ]);
});

test('a loop names the macro where it closes, on the item being resolved', () => {
  assert.deepEqual(
    problems(`- macro: macro_a\n  condition: evt.type = open\n- macro: macro_b\n  condition: macro_a\n- macro: macro_a\n  condition: macro_b\n${rule('macro_a')}`),
    ["LOAD_ERR_VALIDATE macro_a: reference loop in macro 'macro_b'"],
  );
});

test('rules see every macro, whatever the order', () => {
  assert.deepEqual(problems(`${rule('m')}- macro: m\n  condition: evt.type = open\n`), []);
});

test('only the first undefined macro is reported', () => {
  assert.deepEqual(problems(rule('evt.type = open and x1 and x2')), ["LOAD_ERR_VALIDATE R: Undefined macro 'x1' used in filter."]);
});

test('a macro used only by an unused macro is used; the outer one is not', () => {
  assert.deepEqual(problems('- macro: inner\n  condition: evt.type = open\n- macro: outer\n  condition: inner\n'), [
    'LOAD_UNUSED_MACRO outer: Macro not referred to by any other rule/macro',
  ]);
});
