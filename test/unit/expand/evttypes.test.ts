/**
 * Event-type sets of conditions (§7): and/or algebra, negations pushed with De Morgan,
 * `!=`, `in`, neutral checks, `syscall.type`, and codes (enter and exit) rather than names.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCondition, type Expr } from '../../../server/src/condition';
import { EventSet, eventTypeSet } from '../../../server/src/expand/evttypes';
import { fromAst, type XExpr } from '../../../server/src/expand/tree';
import { eventCodesForName } from '../../../server/src/fields/eventTable';
import { SourcedText } from '../../../server/src/rules/sourcedText';

function set(condition: string): EventSet {
  const parsed = parseCondition(condition);
  assert.ok(parsed.expr !== undefined, condition);
  return eventTypeSet(fromAst(parsed.expr, { text: SourcedText.synthetic(condition, 0, 0) }));
}

const codes = (...names: string[]): number[] => names.flatMap((name) => eventCodesForName(name) ?? []).sort((a, b) => a - b);
const all = EventSet.all();

test('equality and in select every code of the names', () => {
  assert.deepEqual(set('evt.type = open').codes(), codes('open'));
  assert.deepEqual(set('evt.type in (open, close)').codes(), codes('open', 'close'));
  assert.ok(codes('open').length >= 2, 'enter and exit codes');
});

test('and intersects, or unites, neutral checks are "all"', () => {
  assert.deepEqual(set('evt.type in (open, close) and evt.type = open').codes(), codes('open'));
  assert.deepEqual(set('evt.type = open or evt.type = close').codes(), codes('open', 'close'));
  assert.ok(set('evt.type = open or proc.name = cat').isAll());
  assert.deepEqual(set('evt.type = open and proc.name = cat').codes(), codes('open'));
  assert.equal(set('evt.type = open and evt.type = close').size(), 0);
});

test('negations: complement of evt.type leaves, neutral stays all (De Morgan)', () => {
  assert.equal(set('not evt.type = open').size(), all.size() - codes('open').length);
  assert.equal(set('evt.type != open').size(), all.size() - codes('open').length);
  assert.deepEqual(set('not evt.type != open').codes(), codes('open'));
  assert.ok(set('not proc.name = cat').isAll());
  assert.deepEqual(set('not (evt.type != open or proc.name = cat)').codes(), codes('open'));
  assert.equal(set('not (evt.type = open or evt.type = close)').size(), all.size() - codes('open', 'close').length);
});

test('syscall.type counts; other operators and arguments are neutral', () => {
  assert.deepEqual(set('syscall.type = open').codes(), codes('open'));
  assert.ok(set('evt.type startswith open').isAll());
  assert.ok(set('evt.type exists').isAll());
});

test('a tree of macros each using the previous twice (shared subtrees) takes linear time', () => {
  const base = fromAst(parseCondition('evt.type in (open, close)').expr as Expr, { text: SourcedText.synthetic('x', 0, 0) });
  let tree: XExpr = base;
  for (let level = 0; level < 26; level++) {
    // As macro resolution builds it: both references are the same (shared) node.
    const both: XExpr = { kind: level % 2 === 0 ? 'and' : 'or', children: [tree, tree], origin: tree.origin, range: tree.range, resolved: true };
    tree = level % 3 === 0 ? { kind: 'not', child: both, origin: tree.origin, range: tree.range, resolved: true } : both;
  }
  const started = Date.now();
  const result = eventTypeSet(tree);
  assert.ok(Date.now() - started < 1000, 'shared subtrees were computed again');
  // 9 `not`s: an odd number, so the set is the complement of {open, close}. Without sharing
  // this would visit 2^26 nodes.
  assert.equal(result.size(), all.size() - codes('open', 'close').length);
});
