/**
 * The parser never throws, reports at most one error with a range inside the text, and
 * stays fast: seeded random garbage, mutated official conditions, megabyte inputs, deep
 * nesting, and the partial trees the editor relies on while a condition is half typed.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { parseCondition, printExpr, walkExpr, type ConditionParseResult, type Expr } from '../../../server/src/condition';
import { officialRulesFiles, sexpr } from './check';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  'proc.name', 'fd.name', 'evt.arg[0]', 'a', 'x1', ' ', ' ', ' ', '\t', '\n', '(', ')', '(', ')', ',', '[', ']',
  'and', 'or', 'not', 'and ', 'or ', 'not ', '=', '==', '!=', '<', '<=', '>', '>=', 'in', 'in ', 'intersects ',
  'pmatch ', 'contains ', 'startswith ', 'glob ', 'regex ', 'exists', 'anyof ', 'oneof', 'tolower(', 'val(',
  'join(', 'concat(', '"', "'", '\\', '\\x4', '"a b"', "'c'", '1', '0x1f', '-2.5e+3', '/etc/*', '%', '\u00e9', '\u{1F600}',
];

/** Invariants every parse result keeps, whatever the input. */
function checkResult(text: string, res: ConditionParseResult): void {
  assert.ok(res.errors.length <= 1, `more than one error for ${JSON.stringify(text)}`);
  for (const error of res.errors) {
    assert.ok(error.message.length > 0);
    assert.ok(error.range.start >= 0 && error.range.start <= error.range.end && error.range.end <= text.length, `error range outside ${JSON.stringify(text)}`);
  }
  if (res.errors.length === 0) {
    assert.ok(res.expr !== undefined, `no tree and no error for ${JSON.stringify(text)}`);
    const again = parseCondition(printExpr(res.expr));
    assert.deepEqual(again.errors, [], `print of ${JSON.stringify(text)} does not re-parse`);
    assert.ok(again.expr !== undefined);
    assert.equal(sexpr(again.expr, false), sexpr(res.expr, false));
  }
  if (res.expr !== undefined) {
    walkExpr(res.expr, (node) => assert.ok(node.range.start >= 0 && node.range.end <= text.length && node.range.start <= node.range.end));
  }
}

describe('condition parser robustness', () => {
  test('random fragment soup never throws', () => {
    const next = random(20260601);
    let nValid = 0;
    for (let caseIdx = 0; caseIdx < 3000; caseIdx++) {
      let text = '';
      const nFragments = Math.floor(next() * 25);
      for (let fragmentIdx = 0; fragmentIdx < nFragments; fragmentIdx++) text += FRAGMENTS[Math.floor(next() * FRAGMENTS.length)];
      const res = parseCondition(text);
      checkResult(text, res);
      if (res.errors.length === 0) nValid++;
    }
    // The soup must exercise the success path too, or the round-trip checks prove nothing.
    assert.ok(nValid > 30, `only ${nValid} valid soups`);
  });

  test('random characters never throw', () => {
    const next = random(7);
    for (let caseIdx = 0; caseIdx < 2000; caseIdx++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let charIdx = 0; charIdx < length; charIdx++) text += String.fromCharCode(Math.floor(next() * 128));
      checkResult(text, parseCondition(text));
    }
  });

  test('official conditions with one character deleted, inserted or swapped never throw', () => {
    const next = random(42);
    const conditions: string[] = [];
    for (const file of officialRulesFiles()) {
      for (const item of (parseYaml(fs.readFileSync(file, 'utf8')) ?? []) as { condition?: unknown }[]) {
        if (item.condition !== undefined && item.condition !== null) conditions.push(String(item.condition));
      }
    }
    for (let caseIdx = 0; caseIdx < 1500; caseIdx++) {
      const source = conditions[Math.floor(next() * conditions.length)];
      const at = Math.floor(next() * source.length);
      const ch = '()",=\' x['[Math.floor(next() * 10)];
      const mutations = [source.slice(0, at) + source.slice(at + 1), source.slice(0, at) + ch + source.slice(at), source.slice(0, at) + ch + source.slice(at + 1)];
      for (const text of mutations) checkResult(text, parseCondition(text));
    }
  });

  test('megabyte conditions parse quickly', () => {
    let chain = 'evt.type = open';
    while (chain.length < 1_000_000) chain += ' and (fd.name in (x, "y z", 3) or not proc.name startswith /usr)';
    let started = Date.now();
    const res = parseCondition(chain);
    const chainMs = Date.now() - started;
    assert.deepEqual(res.errors, []);
    assert.equal(res.expr?.kind, 'and');

    const list = `proc.name in (${Array.from({ length: 100_000 }, (_, itemIdx) => `item${itemIdx}`).join(', ')})`;
    started = Date.now();
    const listRes = parseCondition(list);
    const listMs = Date.now() - started;
    assert.deepEqual(listRes.errors, []);
    assert.ok(listRes.expr?.kind === 'check' && listRes.expr.rhs?.kind === 'list' && listRes.expr.rhs.items.length === 100_000);
    // Generous bounds: CI shares two cores with other suites; bench/condition.js measures.
    assert.ok(chainMs < 8000 && listMs < 8000, `too slow: chain ${chainMs} ms, list ${listMs} ms`);
  });

  test('long conditions (parsed piece by piece) give the same trees and errors as short ones', () => {
    const conditions: string[] = [];
    for (const file of officialRulesFiles()) {
      for (const item of (parseYaml(fs.readFileSync(file, 'utf8')) ?? []) as { condition?: unknown }[]) {
        if (item.condition !== undefined && item.condition !== null) conditions.push(String(item.condition));
      }
    }
    // Join every official condition, alternating `and` and `or`, each in parentheses.
    let joined = '';
    const starts: number[] = [];
    conditions.forEach((condition, conditionIdx) => {
      if (conditionIdx > 0) joined += conditionIdx % 3 === 0 ? ' or ' : ' and ';
      starts.push(joined.length + 1);
      joined += `(${condition})`;
    });
    const whole = parseCondition(joined);
    assert.deepEqual(whole.errors, []);
    assert.ok(whole.expr?.kind === 'or');
    assert.deepEqual(whole.expr.range, { start: 0, end: joined.length });
    // Conditions 3g, 3g+1, 3g+2 form the g-th `or` operand.
    const leaves: string[] = [];
    whole.expr.children.forEach((child, groupIdx) => {
      const size = Math.min(3, conditions.length - 3 * groupIdx);
      if (size === 1) {
        leaves.push(sexpr(child));
        return;
      }
      assert.ok(child.kind === 'and' && child.children.length === size);
      leaves.push(...child.children.map((leaf) => sexpr(leaf)));
    });
    assert.equal(leaves.length, conditions.length);
    conditions.forEach((condition, conditionIdx) => {
      const alone = parseCondition(condition);
      assert.ok(alone.expr !== undefined);
      assert.equal(leaves[conditionIdx], sexpr(alone.expr));
    });

    // A typo in the middle: the error of that condition alone, moved to where it stands.
    const broken = 400;
    const typoText = joined.slice(0, starts[broken]) + 'proc.name ~ x and ' + joined.slice(starts[broken]);
    const typo = parseCondition(typoText);
    assert.equal(typo.errors.length, 1);
    assert.equal(typo.errors[0].range.start, starts[broken] + 10);
    assert.match(typo.errors[0].message, /^expected a valid check operator/);
    const leftover = parseCondition(joined + ' xyz');
    assert.deepEqual(leftover.errors.map((error) => error.range.start), [joined.length + 1]);
    assert.match(leftover.errors[0].message, /^unexpected token after '\)'/);

    // The `or(` quirk spans two pieces.
    const quirk = parseCondition('a.b=1 and '.repeat(3000) + 'a.b=1 or(c.d=2) and e.f=3');
    assert.deepEqual(quirk.errors.map((error) => [error.message, error.range.start]), [["unexpected token after ')', expecting 'or', 'and'", 3000 * 10 + 16]]);
  });

  test('deep but allowed nesting parses to the right tree', () => {
    const depth = 999;
    const res = parseCondition('not ('.repeat(depth) + 'a.b=1' + ')'.repeat(depth));
    assert.deepEqual(res.errors, []);
    let nNots = 0;
    let node: Expr | undefined = res.expr;
    while (node?.kind === 'not') {
      nNots++;
      node = node.child;
    }
    assert.equal(nNots, depth);
    assert.equal(node?.kind, 'check');
    const transformers = parseCondition('a.b = ' + 'tolower('.repeat(999) + 'c.d' + ')'.repeat(999));
    assert.deepEqual(transformers.errors, []);
    assert.ok(transformers.expr !== undefined);
    assert.equal(printExpr(transformers.expr), 'a.b = ' + 'tolower('.repeat(999) + 'c.d' + ')'.repeat(999));
    const unclosed = parseCondition('tolower('.repeat(999) + 'c.d' + ')'.repeat(998) + ' = x');
    assert.deepEqual(unclosed.errors.map((error) => [error.message, error.range.start]), [["expected a ')' token closing the transformer", 999 * 8 + 3 + 998 + 1]]);
    const mixed = parseCondition('a.b=1 and ('.repeat(900) + 'c.d=2 xyz' + ')'.repeat(900));
    assert.equal(mixed.errors[0]?.message, "expected a ')' token");
    assert.equal(mixed.errors[0]?.range.start, 11 * 900 + 6);
  });
});

describe('partial trees for the editor', () => {
  const partial = (text: string): string => {
    const res = parseCondition(text);
    assert.equal(res.errors.length, 1, `expected an error for ${JSON.stringify(text)}`);
    return res.expr === undefined ? '-' : sexpr(res.expr);
  };

  test('half-typed conditions keep what was typed', () => {
    assert.equal(partial('proc.name = '), '[proc.name =]');
    assert.equal(partial('a.b=1 and proc.name = '), '(and [a.b = 1] [proc.name =])');
    assert.equal(partial('fd.name startswith '), '[fd.name startswith]');
    assert.equal(partial('proc.name in (a, b'), '[proc.name in (a b)]');
    assert.equal(partial('a.b=1 and (c.d=2 or '), '(and [a.b = 1] [c.d = 2])');
    assert.equal(partial('proc.name = "x\\c" and a.b=1'), '(and [proc.name = "x"] [a.b = 1])');
  });

  test('after leftover text the rest of the condition still parses', () => {
    assert.equal(partial('a.b=1 xyz and c.d=2'), '(and [a.b = 1] [c.d = 2])');
    assert.equal(partial('a.b=1) and c.d=2 or e.f=3'), '(or (and [a.b = 1] [c.d = 2]) [e.f = 3])');
    assert.equal(partial('a.b=1 (x y) or c.d=2 zz and e.f=1'), '(or [a.b = 1] (and [c.d = 2] [e.f = 1]))');
    assert.equal(partial('a.b=1 x y z'), '[a.b = 1]');
    assert.equal(partial('(a.b=1 xyz and c.d=2)'), '(and [a.b = 1] [c.d = 2])');
    // The reported error stays the first one.
    const res = parseCondition('a.b=1 xyz and c.d=2 qq or e.f=3');
    assert.deepEqual(res.errors.map((error) => [error.message, error.range.start]), [["unexpected token after '1', expecting 'or', 'and'", 6]]);
  });

  test('the check under the cursor has its operator range', () => {
    const res = parseCondition('a.b=1 and proc.name startswith anyof (x');
    assert.ok(res.expr?.kind === 'and');
    const check = res.expr.children[1];
    assert.ok(check.kind === 'check');
    assert.equal(check.op, 'startswith anyof');
    assert.deepEqual(check.opRange, { start: 20, end: 36 });
  });
});
