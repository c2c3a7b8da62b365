/**
 * Walks boolean expressions depth-first, parents before children. It visits `Expr` nodes
 * only (and/or/not/check/identifier), not operands or values, and uses an explicit stack
 * so that deeply nested conditions cannot overflow the call stack.
 */
import type * as A from './ast';

/** Calls `visit(node, parent)` on every expression node, in source order. */
export function walkExpr(expr: A.Expr, visit: (node: A.Expr, parent?: A.Expr) => void): void {
  const stack: { node: A.Expr; parent?: A.Expr }[] = [{ node: expr }];
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as { node: A.Expr; parent?: A.Expr };
    visit(node, parent);
    if (node.kind === 'and' || node.kind === 'or') {
      for (let childIdx = node.children.length - 1; childIdx >= 0; childIdx--) stack.push({ node: node.children[childIdx], parent: node });
    } else if (node.kind === 'not') {
      stack.push({ node: node.child, parent: node });
    }
  }
}
