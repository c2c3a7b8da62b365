/**
 * Exact ranges on a few conditions: every node's [start, end) is the text it came from, so
 * editor features (hover, rename, squiggles) can point at the right characters.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCondition, type CheckExpr, type Expr, type Range } from '../../../server/src/condition';

/** The text a range covers. */
function at(text: string, range: Range | undefined): string {
  assert.ok(range !== undefined);
  return text.slice(range.start, range.end);
}

function parsed(text: string): Expr {
  const res = parseCondition(text);
  assert.deepEqual(res.errors, []);
  assert.ok(res.expr !== undefined);
  return res.expr;
}

test('check, field, argument, operator and value ranges', () => {
  const text = '  not proc.aname["a b"]  startswith anyof (x, "y")  and my_macro';
  const expr = parsed(text);
  assert.ok(expr.kind === 'and');
  assert.equal(at(text, expr.range), 'not proc.aname["a b"]  startswith anyof (x, "y")  and my_macro');
  const [not, macro] = expr.children;
  assert.ok(not.kind === 'not' && macro.kind === 'identifier');
  assert.equal(at(text, not.range), 'not proc.aname["a b"]  startswith anyof (x, "y")');
  assert.equal(at(text, macro.range), 'my_macro');
  const check = not.child as CheckExpr;
  assert.equal(at(text, check.range), 'proc.aname["a b"]  startswith anyof (x, "y")');
  assert.ok(check.lhs.kind === 'field');
  assert.equal(at(text, check.lhs.range), 'proc.aname["a b"]');
  assert.equal(at(text, check.lhs.nameRange), 'proc.aname');
  assert.equal(at(text, check.lhs.argRange), '"a b"');
  assert.equal(check.lhs.arg, 'a b');
  assert.equal(at(text, check.opRange), 'startswith anyof');
  assert.ok(check.rhs?.kind === 'list');
  assert.equal(at(text, check.rhs.range), '(x, "y")');
  assert.deepEqual(check.rhs.items.map((item) => at(text, item.range)), ['x', '"y"']);
});

test('transformer and field-value ranges', () => {
  const text = 'tolower( proc.name ) = val( proc.pname )';
  const check = parsed(text);
  assert.ok(check.kind === 'check' && check.lhs.kind === 'transformer');
  assert.equal(at(text, check.lhs.range), 'tolower( proc.name )');
  assert.equal(at(text, check.lhs.args[0].range), 'proc.name');
  assert.ok(check.rhs?.kind === 'fieldValue');
  assert.equal(at(text, check.rhs.range), 'val( proc.pname )');
  assert.equal(at(text, check.rhs.expr.range), 'proc.pname');
  assert.equal(at(text, check.opRange), '=');
});

test('groups: the inner expression keeps its own range; chains and `not` include parentheses', () => {
  const text = '(a.b = 1 or c.d = 2) and not (e.f exists)';
  const expr = parsed(text);
  assert.ok(expr.kind === 'and');
  assert.equal(at(text, expr.children[0].range), 'a.b = 1 or c.d = 2');
  assert.equal(at(text, expr.children[1].range), 'not (e.f exists)');
  assert.equal(at(text, expr.range), text);
  const orText = 'x.y = 1 or (a.b = 1 and c.d = 2)';
  const or = parsed(orText);
  assert.equal(at(orText, or.range), orText);
});

test('list names, quoted and number values', () => {
  const text = "a.b in lst or c.d = 'q\\'s' or e.f > 0x1F";
  const expr = parsed(text);
  assert.ok(expr.kind === 'or');
  const [inList, quoted, number] = expr.children as CheckExpr[];
  assert.equal(at(text, inList.rhs?.range), 'lst');
  assert.equal(at(text, quoted.rhs?.range), "'q\\'s'");
  assert.ok(quoted.rhs?.kind === 'string' && quoted.rhs.value === "q's" && quoted.rhs.quoted);
  assert.equal(at(text, number.rhs?.range), '0x1F');
});
