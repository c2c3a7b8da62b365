/**
 * The condition AST: the typed tree that `toAst.ts` builds from the parser's CST and that
 * expansion, checks, editor features and the compiler consume. Every node carries `range`,
 * [start, end) offsets into the text that was parsed, like libsinsp's `pos_info`.
 *
 * This file holds types and tiny helpers only. It does not know fields, macros or lists:
 * an `IdentifierExpr` is just a name, a `ListNameValue` just a bare word after `in`.
 */

/** Half-open offsets into the parsed text: `text.slice(start, end)` is the node's source. */
export interface Range {
  start: number;
  end: number;
}

/** Any boolean expression. */
export type Expr = AndExpr | OrExpr | NotExpr | CheckExpr | IdentifierExpr;

/** `a and b and c`, flattened to n children (n >= 2). */
export interface AndExpr {
  kind: 'and';
  children: Expr[];
  range: Range;
}

/** `a or b or c`, flattened to n children (n >= 2). */
export interface OrExpr {
  kind: 'or';
  children: Expr[];
  range: Range;
}

/** `not x`. Like Falco, each `not` toggles: `not not x` is just `x`. */
export interface NotExpr {
  kind: 'not';
  child: Expr;
  range: Range;
}

/** A bare identifier in check position: a macro reference. */
export interface IdentifierExpr {
  kind: 'identifier';
  name: string;
  range: Range;
}

/**
 * `lhs op rhs`, or `lhs exists` (no rhs). `op` is normalised: `==` is written `=`; a
 * modifier is appended after one space (`startswith anyof`).
 */
export interface CheckExpr {
  kind: 'check';
  lhs: Operand;
  op: string;
  opRange: Range;
  rhs?: RhsValue;
  range: Range;
}

/** The left-hand side of a check (and a transformer argument). */
export type Operand = FieldNode | TransformerNode;

/** `proc.name`, `proc.aname[2]`, `fd.name["x y"]`: `arg` is unquoted and unescaped. */
export interface FieldNode {
  kind: 'field';
  name: string;
  arg?: string;
  nameRange: Range;
  /** The argument's text inside the brackets, quotes included when it was quoted. */
  argRange?: Range;
  range: Range;
}

/**
 * `tolower(proc.name)`, `join(",", (a, b))`... A `val` TransformerNode appears only where a
 * syntax error was reported (`tolower(val(x))`); a valid `val(f)` is a `FieldValueRef`.
 */
export interface TransformerNode {
  kind: 'transformer';
  name: string;
  args: (Operand | StringLiteral | ListLiteral)[];
  range: Range;
}

/** A right-hand side value. */
export type RhsValue = StringLiteral | ListLiteral | ListNameValue | FieldValueRef;

/**
 * A string value. Numbers after `<` `<=` `>` `>=` are StringLiterals too (quoted: false),
 * because Falco keeps every value as text until the field's type converts it.
 */
export interface StringLiteral {
  kind: 'string';
  value: string;
  quoted: boolean;
  range: Range;
}

/** `(a, "b c")`: elements are strings only; empty lists are allowed. */
export interface ListLiteral {
  kind: 'list';
  items: StringLiteral[];
  range: Range;
}

/** A bare identifier after `in`/`intersects`/`pmatch` (or a modifier): an unexpanded list name. */
export interface ListNameValue {
  kind: 'listName';
  name: string;
  range: Range;
}

/**
 * "Compare with another field's value": `val(f)` gives `expr` = the FieldNode `f` (the
 * range covers `val(...)`); a transformer on the RHS gives `expr` = that TransformerNode.
 */
export interface FieldValueRef {
  kind: 'fieldValue';
  expr: Operand;
  range: Range;
}

/** Any node that has a range. */
export type AstNode = Expr | Operand | RhsValue;

/** Builds a Range. */
export function range(start: number, end: number): Range {
  return { start, end };
}
