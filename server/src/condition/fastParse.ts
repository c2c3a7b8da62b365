/**
 * A direct recursive-descent parser from the lexer's tokens to the AST, for conditions
 * that parse without any error (nearly every condition a loader sees). It accepts exactly
 * the grammar of `parser.ts` and builds exactly the tree `toAst.ts` builds from the CST,
 * ranges included, without building a CST. It never reports errors: on anything the
 * grammar or `toAst.ts` would reject, or that the chevrotain path handles specially
 * (placeholders, deep nesting, very long conditions), it returns undefined and the caller
 * parses again with the chevrotain parser, which stays the reference for messages and
 * partial trees. Agreement is tested on every fixture and golden condition and on mutations.
 */
import { type TokenType } from 'chevrotain';
import type * as A from './ast';
import { lexConditionCompact, type CompactTokens } from './lexer';
import * as T from './tokens';
import { MULTI_ARG_TRANSFORMERS } from './tokens';

/** Deeper groups are left to the chunked chevrotain parse (`chunks.ts` cuts at 48). */
const MAX_FAST_DEPTH = 40;

/** Thrown (and caught below) to give up on the fast path. */
const DECLINE = new Error('not for the fast parser');

type Arg = A.TransformerNode['args'][number];

/**
 * The tree of an error-free condition of at most `maxTokens` tokens, or undefined when the
 * reference parser must decide. The lexer builds no token objects for it (`CompactTokens`).
 */
export function fastParseCondition(text: string, maxTokens: number): A.Expr | undefined {
  const lexed = lexConditionCompact(text);
  if (lexed.errors > 0 || lexed.tokens.count === 0 || lexed.tokens.count > maxTokens) return undefined;
  const parser = new FastParser(text, lexed.tokens);
  try {
    const expr = parser.orExpr();
    return parser.atEnd() ? expr : undefined;
  } catch (err) {
    if (err === DECLINE) return undefined;
    throw err;
  }
}

/**
 * A copy of an array built by `push`, without the spare room pushing leaves (a pushed array
 * of 2 has room for 17): the tree is kept, and every byte of it is copied by each scavenge.
 */
function exactly<T>(pushed: T[]): T[] {
  return pushed.slice();
}

/** A token: its index in the compact arrays. */
type Tok = number;

class FastParser {
  private m_pos = 0;
  private m_depth = 0;
  private readonly m_count: number;
  private readonly m_types: TokenType[];
  private readonly m_starts: number[];
  private readonly m_ends: number[];
  private readonly m_values: (string | undefined)[];
  /**
   * Set by `orExpr`, `andExpr` and `notExpr`: the outer extent of the expression just parsed
   * (its `not`s and parentheses included), which an enclosing chain's range covers, and
   * whether an `andExpr` had one operand. Fields rather than a small object per call: the
   * parser is on the path of every cold load.
   */
  private m_outerStart = 0;
  private m_outerEnd = 0;
  private m_single = false;

  constructor(
    private readonly m_text: string,
    tokens: CompactTokens,
  ) {
    this.m_count = tokens.count;
    this.m_types = tokens.types;
    this.m_starts = tokens.starts;
    this.m_ends = tokens.ends;
    this.m_values = tokens.values;
  }

  atEnd(): boolean {
    return this.m_pos === this.m_count;
  }

  /** `andExpr ( 'or' andExpr )*`. */
  orExpr(): A.Expr {
    const first = this.andExpr();
    // One operand: its outer extent is already set.
    if (this.peekType() !== T.Or) return first;
    const children: A.Expr[] = [first];
    let start = this.m_outerStart;
    let end = this.m_outerEnd;
    while (this.peekType() === T.Or) {
      const or = this.m_pos++;
      const next = this.peek();
      const operand = this.andExpr();
      // libsinsp's `a or(b) and c` quirk is an error: the reference parser reports it.
      if (!this.m_single && this.m_types[next] === T.LParen && this.m_starts[next] === this.m_ends[or]) throw DECLINE;
      children.push(operand);
      if (this.m_outerStart < start) start = this.m_outerStart;
      if (this.m_outerEnd > end) end = this.m_outerEnd;
    }
    this.m_outerStart = start;
    this.m_outerEnd = end;
    return { kind: 'or', children: exactly(children), range: { start, end } };
  }

  /** `notExpr ( 'and' notExpr )*`; sets `m_single` when there is one operand (whose tree it returns). */
  private andExpr(): A.Expr {
    const first = this.notExpr();
    if (this.peekType() !== T.And) {
      this.m_single = true;
      return first;
    }
    const children: A.Expr[] = [first];
    let start = this.m_outerStart;
    let end = this.m_outerEnd;
    while (this.peekType() === T.And) {
      this.m_pos++;
      children.push(this.notExpr());
      if (this.m_outerStart < start) start = this.m_outerStart;
      if (this.m_outerEnd > end) end = this.m_outerEnd;
    }
    this.m_outerStart = start;
    this.m_outerEnd = end;
    this.m_single = false;
    return { kind: 'and', children: exactly(children), range: { start, end } };
  }

  /** `'not'* ( '(' orExpr ')' | check | IDENTIFIER )`. */
  private notExpr(): A.Expr {
    let nots = 0;
    let firstNot: Tok | undefined;
    while (this.peekType() === T.Not) {
      firstNot ??= this.m_pos;
      this.m_pos++;
      nots++;
    }
    const token = this.peek();
    let expr: A.Expr;
    let open: Tok | undefined;
    let close: Tok | undefined;
    switch (this.m_types[token]) {
      case T.LParen:
        open = this.next();
        this.enter();
        expr = this.orExpr();
        this.m_depth--;
        close = this.expect(T.RParen);
        break;
      case T.FieldName:
      case T.TransformerName:
        expr = this.check();
        break;
      case T.Identifier:
        this.m_pos++;
        expr = { kind: 'identifier', name: this.image(token), range: this.range(token) };
        break;
      default:
        throw DECLINE;
    }
    const first = firstNot ?? open;
    const inner = expr.range;
    const start = first !== undefined && this.m_starts[first] < inner.start ? this.m_starts[first] : inner.start;
    const end = close !== undefined && this.m_starts[close] + 1 > inner.end ? this.m_starts[close] + 1 : inner.end;
    this.m_outerStart = start;
    this.m_outerEnd = end;
    return nots % 2 === 1 ? { kind: 'not', child: expr, range: { start, end } } : expr;
  }

  /** `( field | transformer ) checkTail`. */
  private check(): A.CheckExpr {
    const lhs = this.operand();
    const op = this.next();
    // The lexer gives an operator's text as a shared constant: no string per check.
    const opImage = this.m_values[op] ?? this.image(op);
    const opName = opImage === '==' ? '=' : opImage;
    let opText = opName;
    let opRange = this.range(op);
    let rhs: A.RhsValue | undefined;
    switch (this.m_types[op]) {
      case T.UnaryOp:
        break;
      case T.NumOp:
        rhs = this.peekType() === T.TransformerName ? this.fieldValue() : this.stringFrom(this.expect(T.NumberLiteral));
        break;
      case T.StrOp: {
        const value = this.peek();
        const valueType = this.m_types[value];
        if (valueType === T.Modifier) {
          this.m_pos++;
          opText = `${opName} ${this.image(value)}`;
          opRange = { start: this.m_starts[op], end: this.m_ends[value] };
          rhs = this.peekType() === T.LParen ? this.listLiteral() : this.listName(this.expect(T.Identifier));
        } else if (valueType === T.TransformerName) {
          rhs = this.fieldValue();
        } else if (valueType === T.QuotedString || valueType === T.BareString) {
          this.m_pos++;
          rhs = this.stringFrom(value);
        } else {
          throw DECLINE;
        }
        break;
      }
      case T.ListOp: {
        const value = this.peekType();
        if (value === T.LParen) rhs = this.listLiteral();
        else if (value === T.TransformerName) rhs = this.fieldValue();
        else rhs = this.listName(this.expect(T.Identifier));
        break;
      }
      default:
        throw DECLINE;
    }
    const end = rhs !== undefined ? rhs.range.end : opRange.end;
    const check: A.CheckExpr = { kind: 'check', lhs, op: opText, opRange, range: { start: lhs.range.start, end } };
    if (rhs !== undefined) check.rhs = rhs;
    return check;
  }

  /** `field | transformer`. */
  private operand(): A.Operand {
    const type = this.peekType();
    if (type === T.FieldName) return this.field();
    if (type === T.TransformerName) return this.transformer();
    throw DECLINE;
  }

  /** `FIELDNAME ( '[' ( QUOTED | ARGBARE ) ']' )?`. */
  private field(): A.FieldNode {
    const name = this.next();
    const nameRange = this.range(name);
    // Without an argument both ranges are the same: one object (ranges are never mutated).
    const field: A.FieldNode = { kind: 'field', name: this.image(name), nameRange, range: nameRange };
    if (this.peekType() === T.LBracket) {
      this.m_pos++;
      const token = this.next();
      if (this.m_types[token] !== T.QuotedString && this.m_types[token] !== T.FieldArg) throw DECLINE;
      const arg = this.stringFrom(token);
      const close = this.expect(T.RBracket);
      field.arg = arg.value;
      field.argRange = arg.range;
      field.range = { start: nameRange.start, end: this.m_ends[close] };
    }
    return field;
  }

  /** `TRANSFORMER '(' transformerArg ( ',' transformerArg )* ')'`, with libsinsp's arity rules. */
  private transformer(): A.TransformerNode {
    const name = this.next();
    this.expect(T.LParen);
    this.enter();
    const args: Arg[] = [this.transformerArg()];
    while (this.peekType() === T.Comma) {
      this.m_pos++;
      args.push(this.transformerArg());
    }
    this.m_depth--;
    const close = this.expect(T.RParen);
    const transformer: A.TransformerNode = { kind: 'transformer', name: this.image(name), args, range: { start: this.m_starts[name], end: this.m_ends[close] } };
    if (!MULTI_ARG_TRANSFORMERS.includes(transformer.name)) {
      // Anything `toAst.ts` reports as an error goes to the reference parser.
      const first = args[0];
      if (args.length > 1) throw DECLINE;
      if (transformer.name === 'val' ? first.kind !== 'field' : first.kind === 'string' || first.kind === 'list' || (first.kind === 'transformer' && first.name === 'val')) throw DECLINE;
    }
    return transformer;
  }

  private transformerArg(): Arg {
    const token = this.peek();
    switch (this.m_types[token]) {
      case T.FieldName:
        return this.field();
      case T.TransformerName:
        return this.transformer();
      case T.QuotedString:
      case T.NumberLiteral:
        this.m_pos++;
        return this.stringFrom(token);
      case T.LParen:
        return this.listLiteral();
      default:
        throw DECLINE;
    }
  }

  /** A transformer on the right-hand side: `val(f)` refers to f, another to itself. */
  private fieldValue(): A.FieldValueRef {
    const transformer = this.transformer();
    if (transformer.name === 'val') {
      return { kind: 'fieldValue', expr: transformer.args[0] as A.FieldNode, range: transformer.range };
    }
    return { kind: 'fieldValue', expr: transformer, range: transformer.range };
  }

  /** `'(' ( item ( ',' item )* )? ')'` with items QUOTED or BARE. */
  private listLiteral(): A.ListLiteral {
    const open = this.expect(T.LParen);
    const items: A.StringLiteral[] = [];
    if (this.peekType() !== T.RParen) {
      items.push(this.listItem());
      while (this.peekType() === T.Comma) {
        this.m_pos++;
        items.push(this.listItem());
      }
    }
    const close = this.expect(T.RParen);
    return { kind: 'list', items: exactly(items), range: { start: this.m_starts[open], end: this.m_ends[close] } };
  }

  private listItem(): A.StringLiteral {
    const token = this.next();
    if (this.m_types[token] !== T.QuotedString && this.m_types[token] !== T.BareString) throw DECLINE;
    return this.stringFrom(token);
  }

  private enter(): void {
    if (++this.m_depth > MAX_FAST_DEPTH) throw DECLINE;
  }

  private peek(): Tok {
    if (this.m_pos >= this.m_count) throw DECLINE;
    return this.m_pos;
  }

  private peekType(): TokenType | undefined {
    // The arrays are reused: entries past the count belong to an earlier text.
    return this.m_pos < this.m_count ? this.m_types[this.m_pos] : undefined;
  }

  private next(): Tok {
    const token = this.peek();
    this.m_pos++;
    return token;
  }

  private expect(type: TokenType): Tok {
    const token = this.next();
    if (this.m_types[token] !== type) throw DECLINE;
    return token;
  }

  private image(token: Tok): string {
    return this.m_text.slice(this.m_starts[token], this.m_ends[token]);
  }

  private range(token: Tok): A.Range {
    return { start: this.m_starts[token], end: this.m_ends[token] };
  }

  private stringFrom(token: Tok): A.StringLiteral {
    const value = this.m_values[token];
    return { kind: 'string', value: value ?? this.image(token), quoted: value !== undefined, range: this.range(token) };
  }

  private listName(token: Tok): A.ListNameValue {
    return { kind: 'listName', name: this.image(token), range: this.range(token) };
  }
}
