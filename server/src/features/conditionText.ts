/**
 * Parses a condition scalar with the core's condition parser and maps the AST's ranges
 * (offsets into the decoded value) back to offsets in the file, so editor features can
 * point at exact tokens. Parse errors are the loader's business (diagnostics); here a
 * partial tree is fine.
 */
import type * as A from '../condition';
import { parseCondition } from '../condition';
import { type Scalar } from '../rules/items';
import { scalarOffsetMap } from '../rules/scalars';

/** A condition as written in one scalar: its text, its tree, and value offset → file offset. */
export interface ParsedScalar {
  scalar: Scalar;
  text: string;
  ast: A.Expr | undefined;
  /** `fileOffset(i)`: the file offset of value character `i` (`i = text.length` is the end). */
  fileOffset(valueOffset: number): number;
  /** `[start, end)` value offsets → file offsets; the end follows the last character (not what folding put after it). */
  fileRange(start: number, end: number): { start: number; end: number };
  /** The value offset of a file offset inside the scalar, or undefined outside it. */
  valueOffset(fileOffset: number): number | undefined;
}

/** Parses the condition held by `scalar` of a file whose text is `fileText`. */
export function parseConditionScalar(scalar: Scalar, fileText: string): ParsedScalar {
  const offsets = scalarOffsetMap(fileText, scalar.span.start, scalar.span.end, scalar.style, scalar.value);
  const fileOffset = (valueOffset: number): number => offsets[Math.max(0, Math.min(valueOffset, scalar.value.length))];
  const ast = parseCondition(scalar.value).expr;
  return {
    scalar,
    text: scalar.value,
    ast,
    fileOffset,
    fileRange: (start: number, end: number) => ({ start: fileOffset(start), end: end > start ? fileOffset(end - 1) + 1 : fileOffset(start) }),
    valueOffset: (fileOffset: number): number | undefined => {
      if (fileOffset < scalar.span.start || fileOffset > scalar.span.end) {
        return undefined;
      }
      for (let idx = 0; idx <= scalar.value.length; idx++) {
        if (offsets[idx] >= fileOffset) {
          return idx;
        }
      }
      return scalar.value.length;
    },
  };
}

/** Every node of an expression that names something, in source order. */
export type NamedNode =
  | { kind: 'macro'; name: string; range: A.Range }
  | { kind: 'list'; name: string; range: A.Range; bare: boolean }
  | { kind: 'field'; node: A.FieldNode }
  | { kind: 'operator'; op: string; range: A.Range; check: A.CheckExpr }
  | { kind: 'string'; range: A.Range }
  | { kind: 'eventType'; name: string; range: A.Range };

/**
 * Lists the macro references, list references (after `in` and inside `( … )`: Falco
 * substitutes any list item that names a list), fields, operators and strings of a tree.
 * `bare: true` marks a list name written without parentheses. Unquoted values compared with
 * `evt.type` are event type names (`eventType`).
 */
export function namedNodes(ast: A.Expr): NamedNode[] {
  const out: NamedNode[] = [];
  const operand = (node: A.Operand | A.StringLiteral | A.ListLiteral): void => {
    if (node.kind === 'field') {
      out.push({ kind: 'field', node });
    } else if (node.kind === 'transformer') {
      node.args.forEach(operand);
    } else if (node.kind === 'list') {
      for (const item of node.items) {
        out.push(item.quoted ? { kind: 'string', range: item.range } : { kind: 'list', name: item.value, range: item.range, bare: false });
      }
    } else {
      out.push({ kind: 'string', range: node.range });
    }
  };
  const visit = (expr: A.Expr): void => {
    switch (expr.kind) {
      case 'and':
      case 'or':
        expr.children.forEach(visit);
        break;
      case 'not':
        visit(expr.child);
        break;
      case 'identifier':
        out.push({ kind: 'macro', name: expr.name, range: expr.range });
        break;
      case 'check':
        operand(expr.lhs);
        out.push({ kind: 'operator', op: expr.op, range: expr.opRange, check: expr });
        if (expr.lhs.kind === 'field' && expr.lhs.name === 'evt.type' && expr.rhs !== undefined && (expr.rhs.kind === 'string' || expr.rhs.kind === 'list')) {
          // Event type names; an unquoted item may still name a list, which the index decides.
          const values = expr.rhs.kind === 'string' ? [expr.rhs] : expr.rhs.items;
          for (const value of values) {
            out.push(value.quoted ? { kind: 'string', range: value.range } : { kind: 'eventType', name: value.value, range: value.range });
          }
        } else if (expr.rhs !== undefined) {
          const rhs = expr.rhs;
          if (rhs.kind === 'listName') {
            out.push({ kind: 'list', name: rhs.name, range: rhs.range, bare: true });
          } else if (rhs.kind === 'fieldValue') {
            operand(rhs.expr);
          } else {
            operand(rhs);
          }
        }
        break;
    }
  };
  visit(ast);
  return out;
}

/** Value offset → file offset for any scalar (outputs, list items...). */
export function scalarFileOffsets(scalar: Scalar, fileText: string): (valueOffset: number) => number {
  const offsets = scalarOffsetMap(fileText, scalar.span.start, scalar.span.end, scalar.style, scalar.value);
  return (valueOffset: number): number => offsets[Math.max(0, Math.min(valueOffset, scalar.value.length))];
}
