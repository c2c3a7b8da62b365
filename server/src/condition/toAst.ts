/**
 * The CST → AST visitor. It gives every node its range, unescapes values, flattens
 * `and`/`or`, folds `not` toggles, and checks what the grammar leaves open but libsinsp
 * rejects while parsing: transformer arity and argument kinds, and `or(...)` followed by
 * `and`. It tolerates the partial CST that error recovery leaves behind (missing children
 * are skipped), so the editor still gets a tree for a half-typed condition.
 *
 * It does not look fields, macros or lists up; those are later passes over the AST.
 */
import { type CstElement, type CstNode, type IToken } from 'chevrotain';
import type * as A from './ast';
import { type ConditionError, unexpectedAfter } from './errors';
import { conditionParser } from './parser';
import { MULTI_ARG_TRANSFORMERS, TRANSFORMERS_FOR_MESSAGES, type ConditionToken } from './tokens';

type Ctx = Record<string, CstElement[] | undefined>;

interface CheckTail {
  op: string;
  opRange: A.Range;
  rhs?: A.RhsValue;
}

const quotedTransformers = TRANSFORMERS_FOR_MESSAGES.map((name) => `'${name}'`).join(', ');

const BaseVisitor = conditionParser().getBaseCstVisitorConstructor<ConditionError[], unknown>();

/** Visits a CST; `errors` (the visitor's parameter) collects what it finds. */
class AstBuilder extends BaseVisitor {
  constructor() {
    super();
    this.validateVisitor();
  }

  condition(ctx: Ctx, errors: ConditionError[]): A.Expr | undefined {
    return this.sub<A.Expr>(ctx, 'expr', errors);
  }

  orExpr(ctx: Ctx, errors: ConditionError[]): A.Expr | undefined {
    checkOrParenQuirk(ctx, errors);
    return this.nary('or', ctx, errors);
  }

  andExpr(ctx: Ctx, errors: ConditionError[]): A.Expr | undefined {
    return this.nary('and', ctx, errors);
  }

  notExpr(ctx: Ctx, errors: ConditionError[]): A.Expr | undefined {
    const child = this.notChild(ctx, errors);
    const nots = ctx.nots as ConditionToken[] | undefined;
    if (child === undefined || nots === undefined || nots.length % 2 === 0) return child;
    return { kind: 'not', child, range: outerRange(ctx, child.range) };
  }

  check(ctx: Ctx, errors: ConditionError[]): A.CheckExpr | undefined {
    const lhs = this.sub<A.Operand>(ctx, 'field', errors) ?? this.sub<A.Operand>(ctx, 'transformer', errors);
    const tail = this.sub<CheckTail>(ctx, 'tail', errors);
    if (lhs === undefined || tail === undefined) return undefined;
    const end = (tail.rhs ?? { range: tail.opRange }).range.end;
    const check: A.CheckExpr = { kind: 'check', lhs, op: tail.op, opRange: tail.opRange, range: { start: lhs.range.start, end } };
    if (tail.rhs !== undefined) check.rhs = tail.rhs;
    return check;
  }

  operand(ctx: Ctx, errors: ConditionError[]): A.Operand | undefined {
    return this.sub<A.Operand>(ctx, 'field', errors) ?? this.sub<A.Operand>(ctx, 'transformer', errors);
  }

  field(ctx: Ctx, errors: ConditionError[]): A.FieldNode | undefined {
    const name = firstToken(ctx, 'name');
    if (name === undefined) return undefined;
    const field: A.FieldNode = { kind: 'field', name: name.image, nameRange: tokenRange(name), range: tokenRange(name) };
    const arg = this.sub<A.StringLiteral>(ctx, 'arg', errors);
    if (arg !== undefined) {
      field.arg = arg.value;
      field.argRange = arg.range;
      const close = firstToken(ctx, 'close');
      field.range = { start: field.range.start, end: close !== undefined ? tokenRange(close).end : arg.range.end };
    }
    return field;
  }

  fieldArg(ctx: Ctx): A.StringLiteral | undefined {
    return stringFrom(firstToken(ctx, 'quoted') ?? firstToken(ctx, 'bare'));
  }

  transformer(ctx: Ctx, errors: ConditionError[]): A.TransformerNode | undefined {
    const name = firstToken(ctx, 'name');
    if (name === undefined) return undefined;
    const args = this.transformerArgs(ctx, errors);
    const close = firstToken(ctx, 'close');
    const end = close !== undefined ? tokenRange(close).end : (args[args.length - 1]?.range.end ?? tokenRange(name).end + 1);
    const transformer: A.TransformerNode = { kind: 'transformer', name: name.image, args, range: { start: name.startOffset, end } };
    checkTransformerArgs(transformer, errors);
    return transformer;
  }

  /** The arguments under `args`; a ParsedArgs placeholder stands for several. */
  transformerArgs(ctx: Ctx, errors: ConditionError[]): A.TransformerNode['args'] {
    const args: A.TransformerNode['args'] = [];
    for (const argNode of (ctx.args ?? []) as CstNode[]) {
      const parsed = firstToken(argNode.children, 'parsed');
      if (parsed !== undefined) {
        args.push(...(parsed.args ?? []));
        continue;
      }
      const arg = this.visit(argNode, errors) as A.TransformerNode['args'][number] | undefined;
      if (arg !== undefined) args.push(arg);
    }
    return args;
  }

  transformerArg(ctx: Ctx, errors: ConditionError[]): A.TransformerNode['args'][number] | undefined {
    return (
      this.sub<A.Operand>(ctx, 'operand', errors) ??
      this.sub<A.ListLiteral>(ctx, 'list', errors) ??
      stringFrom(firstToken(ctx, 'quoted') ?? firstToken(ctx, 'number'))
    );
  }

  checkTail(ctx: Ctx, errors: ConditionError[]): CheckTail | undefined {
    const op = firstToken(ctx, 'op');
    if (op === undefined) return undefined;
    const value = this.sub<A.RhsValue | { modifier: IToken; value?: A.RhsValue }>(ctx, 'value', errors);
    const opName = op.image === '==' ? '=' : op.image;
    if (value !== undefined && 'modifier' in value) {
      const tail: CheckTail = { op: `${opName} ${value.modifier.image}`, opRange: { start: op.startOffset, end: tokenRange(value.modifier).end } };
      if (value.value !== undefined) tail.rhs = value.value;
      return tail;
    }
    const tail: CheckTail = { op: opName, opRange: tokenRange(op) };
    if (value !== undefined) tail.rhs = value;
    return tail;
  }

  numValue(ctx: Ctx, errors: ConditionError[]): A.RhsValue | undefined {
    return this.fieldValue(ctx, errors) ?? stringFrom(firstToken(ctx, 'number'));
  }

  strValue(ctx: Ctx, errors: ConditionError[]): A.RhsValue | { modifier: IToken; value?: A.RhsValue } | undefined {
    const modifier = firstToken(ctx, 'modifier');
    if (modifier !== undefined) {
      const value = this.sub<A.RhsValue>(ctx, 'modified', errors);
      return value === undefined ? { modifier } : { modifier, value };
    }
    return this.fieldValue(ctx, errors) ?? stringFrom(firstToken(ctx, 'quoted') ?? firstToken(ctx, 'bare'));
  }

  modifierValue(ctx: Ctx, errors: ConditionError[]): A.RhsValue | undefined {
    return this.sub<A.ListLiteral>(ctx, 'list', errors) ?? listName(firstToken(ctx, 'identifier'));
  }

  listValue(ctx: Ctx, errors: ConditionError[]): A.RhsValue | undefined {
    return this.sub<A.ListLiteral>(ctx, 'list', errors) ?? this.fieldValue(ctx, errors) ?? listName(firstToken(ctx, 'identifier'));
  }

  listLiteral(ctx: Ctx): A.ListLiteral | undefined {
    const open = firstToken(ctx, 'open');
    if (open === undefined) return undefined;
    const items: A.StringLiteral[] = [];
    for (const token of (ctx.items ?? []) as ConditionToken[]) {
      const item = stringFrom(token);
      if (item !== undefined) items.push(item);
    }
    const close = firstToken(ctx, 'close');
    const end = close !== undefined ? tokenRange(close).end : (items[items.length - 1]?.range.end ?? open.startOffset + 1);
    return { kind: 'list', items, range: { start: open.startOffset, end } };
  }

  private notChild(ctx: Ctx, errors: ConditionError[]): A.Expr | undefined {
    if (ctx.group !== undefined) return this.sub<A.Expr>(ctx, 'group', errors);
    if (ctx.check !== undefined) return this.sub<A.Expr>(ctx, 'check', errors);
    const identifier = firstToken(ctx, 'identifier');
    if (identifier !== undefined) return { kind: 'identifier', name: identifier.image, range: tokenRange(identifier) };
    return firstToken(ctx, 'parsed')?.expr;
  }

  /** `val(f)` → FieldValueRef on f; another transformer → FieldValueRef on it. */
  private fieldValue(ctx: Ctx, errors: ConditionError[]): A.FieldValueRef | undefined {
    const transformer = this.sub<A.TransformerNode>(ctx, 'transformer', errors);
    if (transformer === undefined) return undefined;
    if (transformer.name === 'val') {
      const field = transformer.args[0];
      if (field === undefined || field.kind !== 'field') return undefined;
      return { kind: 'fieldValue', expr: field, range: transformer.range };
    }
    return { kind: 'fieldValue', expr: transformer, range: transformer.range };
  }

  private nary(kind: 'and' | 'or', ctx: Ctx, errors: ConditionError[]): A.Expr | undefined {
    const children: A.Expr[] = [];
    let start = Infinity;
    let end = -Infinity;
    for (const child of (ctx.children ?? []) as CstNode[]) {
      const expr = this.visit(child, errors) as A.Expr | undefined;
      // A chain `a and b and c` is one node; a parenthesised `(b and c)` stays a child.
      if (expr === undefined) continue;
      children.push(expr);
      // The chain's range covers its children's parentheses and `not`s too.
      const childRange = childOuterRange(child, expr.range);
      start = Math.min(start, childRange.start);
      end = Math.max(end, childRange.end);
    }
    if (children.length === 0) return undefined;
    if (children.length === 1) return children[0];
    return { kind, children, range: { start, end } };
  }

  private sub<R>(ctx: Ctx, label: string, errors: ConditionError[]): R | undefined {
    const node = ctx[label]?.[0];
    return node === undefined ? undefined : (this.visit(node as CstNode, errors) as R | undefined);
  }
}

let builder: AstBuilder | undefined;

/** Builds the AST of a `condition` CST; problems found on the way go to `errors`. */
export function toAst(cst: CstNode, errors: ConditionError[]): A.Expr | undefined {
  builder ??= new AstBuilder();
  return builder.visit(cst, errors) as A.Expr | undefined;
}

/** The arguments of a `transformerArgs` CST (a deep transformer's inside, see chunks.ts). */
export function toTransformerArgs(cst: CstNode, errors: ConditionError[]): A.TransformerNode['args'] {
  builder ??= new AstBuilder();
  return builder.visit(cst, errors) as A.TransformerNode['args'];
}

/** Builds the AST of an `operand` CST. */
export function toOperand(cst: CstNode, errors: ConditionError[]): A.Operand | undefined {
  builder ??= new AstBuilder();
  return builder.visit(cst, errors) as A.Operand | undefined;
}

/**
 * libsinsp parses `or(` as "or, then one parenthesised expression": a following `and` is
 * left over (`a or(b) and c` fails; `a or (b) and c` does not).
 */
function checkOrParenQuirk(ctx: Ctx, errors: ConditionError[]): void {
  const ops = ctx.ops as ConditionToken[] | undefined;
  if (ops === undefined) return;
  const children = (ctx.children ?? []) as CstNode[];
  ops.forEach((or, opIdx) => {
    const andExpr = children[opIdx + 1];
    const andOps = andExpr?.children.ops as ConditionToken[] | undefined;
    if (andOps === undefined || andOps.length === 0 || Number.isNaN(andOps[0].startOffset)) return;
    const firstNot = andExpr.children.children?.[0] as CstNode | undefined;
    if (firstNot === undefined || firstNot.children.nots !== undefined) return;
    const open = firstToken(firstNot.children, 'open');
    const close = firstToken(firstNot.children, 'close');
    if (open === undefined || close === undefined || open.startOffset !== (or.endOffset ?? NaN) + 1) return;
    errors.push({ message: unexpectedAfter(close), range: tokenRange(andOps[0]) });
  });
}

/** libsinsp's arity rules: single-argument transformers take one field or transformer. */
function checkTransformerArgs(transformer: A.TransformerNode, errors: ConditionError[]): void {
  if (MULTI_ARG_TRANSFORMERS.includes(transformer.name)) return;
  const [first, second] = transformer.args;
  if (transformer.name === 'val') {
    if (first !== undefined && first.kind !== 'field') {
      errors.push({ message: "expected a field within 'val' transformer", range: first.range });
    }
  } else if (first !== undefined && (first.kind === 'string' || first.kind === 'list' || (first.kind === 'transformer' && first.name === 'val'))) {
    errors.push({ message: `expected a field or a nested valid transformer: ${quotedTransformers}`, range: first.range });
  }
  if (second !== undefined) {
    errors.push({ message: "expected a ')' token closing the transformer", range: { start: first.range.end, end: second.range.start } });
  }
}

/** A notExpr's extent: from its first `not` or `(` to its `)` or its expression's end. */
function outerRange(ctx: Ctx, inner: A.Range): A.Range {
  const first = firstToken(ctx, 'nots') ?? firstToken(ctx, 'open');
  const close = firstToken(ctx, 'close');
  return { start: Math.min(first?.startOffset ?? inner.start, inner.start), end: Math.max(close !== undefined ? close.startOffset + 1 : inner.end, inner.end) };
}

/** The extent of an `and` chain's child (a notExpr) or an `or` chain's child (an andExpr). */
function childOuterRange(child: CstNode, inner: A.Range): A.Range {
  if (child.name === 'notExpr') return outerRange(child.children, inner);
  const notExprs = (child.children.children ?? []) as CstNode[];
  if (notExprs.length !== 1) return inner;
  return outerRange(notExprs[0].children, inner);
}

function stringFrom(token: ConditionToken | undefined): A.StringLiteral | undefined {
  if (token === undefined || Number.isNaN(token.startOffset)) return undefined;
  const quoted = token.value !== undefined;
  return { kind: 'string', value: token.value ?? token.image, quoted, range: tokenRange(token) };
}

function listName(token: IToken | undefined): A.ListNameValue | undefined {
  if (token === undefined || Number.isNaN(token.startOffset)) return undefined;
  return { kind: 'listName', name: token.image, range: tokenRange(token) };
}

function tokenRange(token: IToken): A.Range {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

/** The token under `label`, unless recovery inserted it (then it has no position). */
function firstToken(ctx: Ctx, label: string): ConditionToken | undefined {
  const token = ctx[label]?.[0] as ConditionToken | undefined;
  return token === undefined || Number.isNaN(token.startOffset) ? undefined : token;
}
