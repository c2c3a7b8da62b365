/**
 * Check functions for the condition parser tests: every case goes through `checkValid` or
 * `checkInvalid`, so an API change touches this file only. `sexpr` renders an AST compactly
 * with its node kinds, so the tables can state the exact shape a condition parses to.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../../server/src/paths';
import { parseCondition, printExpr, walkExpr, type Expr, type Operand, type Range, type RhsValue } from '../../../server/src/condition';

/** Parses `text`, expects no error, the AST shape `expected`, and a stable printed form. */
export function checkValid(text: string, expected: string): void {
  const res = parseCondition(text);
  assert.deepEqual(res.errors, [], `unexpected error for ${JSON.stringify(text)}`);
  assert.ok(res.expr !== undefined, `no tree for ${JSON.stringify(text)}`);
  assert.equal(sexpr(res.expr), expected, `shape of ${JSON.stringify(text)}`);
  checkRanges(text, res.expr);
  // The canonical text re-parses to the same tree and prints identically.
  const printed = printExpr(res.expr);
  const again = parseCondition(printed);
  assert.deepEqual(again.errors, [], `printed form ${JSON.stringify(printed)} does not re-parse`);
  assert.ok(again.expr !== undefined);
  // Printing may drop quotes that are not needed and writes `in x` as `in (x)`; nothing else changes.
  assert.equal(sexpr(again.expr, false), sexpr(res.expr, false), `printed form ${JSON.stringify(printed)} changes the tree`);
  assert.equal(printExpr(again.expr), printed);
}

/** Parses `text` and expects exactly one error: `message` starting at `offset`. */
export function checkInvalid(text: string, message: string, offset: number): void {
  const res = parseCondition(text);
  assert.equal(res.errors.length, 1, `expected one error for ${JSON.stringify(text)}, got ${JSON.stringify(res.errors)}`);
  assert.equal(res.errors[0].message, message, `message for ${JSON.stringify(text)}`);
  assert.equal(res.errors[0].range.start, offset, `offset for ${JSON.stringify(text)}`);
  assert.ok(res.errors[0].range.end >= offset && res.errors[0].range.end <= text.length);
}

/**
 * Compact rendering: (and A B), (or A B), (not A), id, [lhs op rhs]; quoted strings in
 * JSON quotes, bare ones as is (or every string bare when `showQuotes` is false).
 */
export function sexpr(expr: Expr, showQuotes = true): string {
  quotes = showQuotes;
  return render(expr);
}

let quotes = true;

function render(expr: Expr): string {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return `(${expr.kind} ${expr.children.map(render).join(' ')})`;
    case 'not':
      return `(not ${render(expr.child)})`;
    case 'identifier':
      return expr.name;
    case 'check':
      return `[${operand(expr.lhs)} ${expr.op}${expr.rhs === undefined ? '' : ' ' + value(expr.rhs)}]`;
  }
}

function operand(node: Operand): string {
  if (node.kind === 'field') return node.arg === undefined ? node.name : `${node.name}[${JSON.stringify(node.arg)}]`;
  const args = node.args.map((arg) => (arg.kind === 'string' ? str(arg.value, arg.quoted) : arg.kind === 'list' ? list(arg.items) : operand(arg)));
  return `${node.name}(${args.join(', ')})`;
}

function value(rhs: RhsValue): string {
  switch (rhs.kind) {
    case 'string':
      return str(rhs.value, rhs.quoted);
    case 'list':
      return list(rhs.items);
    case 'listName':
      // Printing writes `in x` as `in (x)`: the same to libsinsp.
      return quotes ? `@${rhs.name}` : `(${rhs.name})`;
    case 'fieldValue':
      return `val:${operand(rhs.expr)}`;
  }
}

function str(text: string, quoted: boolean): string {
  return quoted && quotes ? JSON.stringify(text) : text;
}

function list(items: { value: string; quoted: boolean }[]): string {
  return `(${items.map((item) => str(item.value, item.quoted)).join(' ')})`;
}

/** Every range lies inside the text and inside its parent's. */
function checkRanges(text: string, root: Expr): void {
  const inside = (outer: Range, inner: Range, what: string): void => {
    assert.ok(outer.start <= inner.start && inner.end <= outer.end && inner.start <= inner.end, `${what} range ${JSON.stringify(inner)} outside ${JSON.stringify(outer)} in ${JSON.stringify(text)}`);
  };
  inside({ start: 0, end: text.length }, root.range, 'root');
  walkExpr(root, (node, parent) => {
    if (parent !== undefined) inside(parent.range, node.range, node.kind);
    if (node.kind === 'check') {
      inside(node.range, node.lhs.range, 'lhs');
      inside(node.range, node.opRange, 'op');
      if (node.rhs !== undefined) inside(node.range, node.rhs.range, 'rhs');
      if (node.lhs.kind === 'field') assert.equal(text.slice(node.lhs.nameRange.start, node.lhs.nameRange.end), node.lhs.name);
      if (node.rhs?.kind === 'string' && !node.rhs.quoted) assert.equal(text.slice(node.rhs.range.start, node.rhs.range.end), node.rhs.value);
      if (node.rhs?.kind === 'listName') assert.equal(text.slice(node.rhs.range.start, node.rhs.range.end), node.rhs.name);
    }
    if (node.kind === 'identifier') assert.equal(text.slice(node.range.start, node.range.end), node.name);
  });
}

/** Every official rules file: the syscall files, then the plugin ones. */
export function officialRulesFiles(): string[] {
  const dir = path.join(packageRoot(), 'test', 'fixtures', 'rules');
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.yaml')).map((name) => path.join(dir, name));
  const plugins = path.join(dir, 'plugins');
  return [...files, ...fs.readdirSync(plugins).filter((name) => name.endsWith('.yaml')).map((name) => path.join(plugins, name))];
}
