/**
 * Prints an AST back to canonical filter text: one space around operators, values quoted
 * only when a bare string would lex differently, parentheses only where precedence needs
 * them. The output re-parses to the same tree (a bare list name after `in` comes back as a
 * one-item list, which libsinsp treats the same), and is accepted by libsinsp (and, when no
 * transformer or modifier is used, by sysdig 0.29.3) with the same meaning.
 */
import type * as A from './ast';

/** Canonical text of an expression. */
export function printExpr(expr: A.Expr): string {
  switch (expr.kind) {
    case 'and':
      // A nested `and` was parenthesised in the source (chains are flat): keep it so.
      return expr.children.map((child) => (child.kind === 'or' || child.kind === 'and' ? `(${printExpr(child)})` : printExpr(child))).join(' and ');
    case 'or':
      return expr.children.map((child) => (child.kind === 'or' ? `(${printExpr(child)})` : printExpr(child))).join(' or ');
    case 'not':
      return expr.child.kind === 'check' || expr.child.kind === 'identifier'
        ? `not ${printExpr(expr.child)}`
        : `not (${printExpr(expr.child)})`;
    case 'identifier':
      return expr.name;
    case 'check':
      return printCheck(expr);
  }
}

/** Canonical text of a field or transformer. */
export function printOperand(operand: A.Operand): string {
  if (operand.kind === 'field') {
    if (operand.arg === undefined) return operand.name;
    return `${operand.name}[${/^[^\][ \b\t\n\r"']+$/.test(operand.arg) ? operand.arg : quote(operand.arg)}]`;
  }
  const args = operand.args.map((arg) => {
    if (arg.kind === 'string') return arg.quoted || !/^[+-]?[0-9]/.test(arg.value) ? quote(arg.value) : arg.value;
    if (arg.kind === 'list') return printList(arg);
    return printOperand(arg);
  });
  return `${operand.name}(${args.join(', ')})`;
}

function printCheck(check: A.CheckExpr): string {
  const lhs = printOperand(check.lhs);
  if (check.rhs === undefined) return `${lhs} ${check.op}`;
  return `${lhs} ${check.op} ${printValue(check.rhs, check.op)}`;
}

function printValue(value: A.RhsValue, op: string): string {
  switch (value.kind) {
    case 'list':
      return printList(value);
    case 'listName':
      // `in x` and `in (x)` mean the same to libsinsp; sysdig 0.29.3 accepts only the latter.
      return `(${value.name})`;
    case 'fieldValue':
      return value.expr.kind === 'field' ? `val(${printOperand(value.expr)})` : printOperand(value.expr);
    case 'string':
      // After a numeric operator the value is a NUMBER token, printed as written.
      if (['<', '<=', '>', '>='].includes(op)) return value.value;
      return printString(value.value);
  }
}

function printList(list: A.ListLiteral): string {
  return `(${list.items.map((item) => printString(item.value)).join(', ')})`;
}

/** A string value: bare when it lexes back as the same bare string, else double-quoted. */
export function printString(value: string): string {
  if (/^[^ \b\t\n\r(),="']+$/.test(value) && !looksLikeTransformer(value) && !isModifierWord(value)) return value;
  return quote(value);
}

function looksLikeTransformer(value: string): boolean {
  return /^[a-z0-9]+\(/.test(value);
}

function isModifierWord(value: string): boolean {
  return value === 'oneof' || value === 'anyof' || value === 'allof';
}

/**
 * Double-quotes with libsinsp's escapes. A closing quote right after a backslash would not
 * close the string, so a trailing backslash is written `\<space>`, which libsinsp reads
 * back as one backslash (its compatibility quirk).
 */
export function quote(value: string): string {
  let res = '"';
  const trailingBackslash = value.endsWith('\\');
  const body = trailingBackslash ? value.slice(0, -1) : value;
  for (const ch of body) {
    switch (ch) {
      case '"': res += '\\"'; break;
      case '\\': res += '\\\\'; break;
      case '\b': res += '\\b'; break;
      case '\f': res += '\\f'; break;
      case '\n': res += '\\n'; break;
      case '\r': res += '\\r'; break;
      case '\t': res += '\\t'; break;
      default: res += ch;
    }
  }
  return res + (trailingBackslash ? '\\ "' : '"');
}
