/**
 * The expanded condition tree: the parser's nodes, each tagged with the text it was parsed
 * from (so positions map back to files), with macro references replaced by the referenced
 * macro's tree. Subtrees are shared, never mutated: a macro's tree appears in every rule
 * that uses it, which lets later passes cache results per node.
 */
import { type CheckExpr, type Expr, type Range } from '../condition';
import { type SourcedText } from '../rules/sourcedText';

/** The text a node was parsed from (list-substituted condition or macro text). */
export interface Origin {
  text: SourcedText;
}

export type XExpr = XAnd | XOr | XNot | XCheck | XIdentifier | XBroken;

export interface XAnd {
  kind: 'and';
  children: XExpr[];
  origin: Origin;
  range: Range;
  resolved: boolean;
}

export interface XOr {
  kind: 'or';
  children: XExpr[];
  origin: Origin;
  range: Range;
  resolved: boolean;
}

export interface XNot {
  kind: 'not';
  child: XExpr;
  origin: Origin;
  range: Range;
  resolved: boolean;
}

export interface XCheck {
  kind: 'check';
  check: CheckExpr;
  origin: Origin;
  range: Range;
  resolved: true;
}

/** A macro reference not (yet) resolved. */
export interface XIdentifier {
  kind: 'identifier';
  name: string;
  origin: Origin;
  range: Range;
  resolved: false;
}

/** Stands for a macro that failed to parse or resolve: neutral, never checked twice. */
export interface XBroken {
  kind: 'broken';
  macro: string;
  origin: Origin;
  range: Range;
  resolved: true;
}

/** Wraps a parsed expression. Iterative, so deep trees cannot overflow the stack. */
export function fromAst(expr: Expr, origin: Origin): XExpr {
  const convert = (node: Expr): XExpr => {
    switch (node.kind) {
      case 'check':
        return { kind: 'check', check: node, origin, range: node.range, resolved: true };
      case 'identifier':
        return { kind: 'identifier', name: node.name, origin, range: node.range, resolved: false };
      case 'not': {
        const child = convert(node.child);
        return { kind: 'not', child, origin, range: node.range, resolved: child.resolved };
      }
      case 'and':
      case 'or': {
        const children = node.children.map(convert);
        return { kind: node.kind, children, origin, range: node.range, resolved: children.every((child) => child.resolved) };
      }
    }
  };
  return convert(expr);
}

/** Calls `visit` on every node, parents first, with an explicit stack. */
export function walkX(root: XExpr, visit: (node: XExpr) => void): void {
  const stack: XExpr[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as XExpr;
    visit(node);
    if (node.kind === 'and' || node.kind === 'or') {
      for (let idx = node.children.length - 1; idx >= 0; idx--) {
        stack.push(node.children[idx]);
      }
    } else if (node.kind === 'not') {
      stack.push(node.child);
    }
  }
}

/** Unique check nodes under `root` (shared macro subtrees are visited once). */
export function uniqueChecks(root: XExpr): XCheck[] {
  const seen = new Set<XExpr>();
  const checks: XCheck[] = [];
  const stack: XExpr[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as XExpr;
    if (seen.has(node)) {
      continue;
    }
    seen.add(node);
    if (node.kind === 'check') {
      checks.push(node);
    } else if (node.kind === 'and' || node.kind === 'or') {
      for (let idx = node.children.length - 1; idx >= 0; idx--) {
        stack.push(node.children[idx]);
      }
    } else if (node.kind === 'not') {
      stack.push(node.child);
    }
  }
  return checks;
}

/** Back to the parser's AST shape (for printing an expansion). Broken macros print as their name. */
export function toExpr(node: XExpr): Expr {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map(toExpr), range: node.range };
    case 'not':
      return { kind: 'not', child: toExpr(node.child), range: node.range };
    case 'check':
      return node.check;
    case 'identifier':
      return { kind: 'identifier', name: node.name, range: node.range };
    case 'broken':
      return { kind: 'identifier', name: node.macro, range: node.range };
  }
}
