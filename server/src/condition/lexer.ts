/**
 * The condition lexer: turns condition text into chevrotain tokens (see `tokens.ts`).
 *
 * libsinsp lexes while it parses, so what a piece of text is depends on where it stands:
 * `cat` is a macro reference in check position, a bare string after `=`, a list name after
 * `in`. This lexer follows the same rules with a small mode machine driven by the previous
 * token and a stack of open parentheses (group, list or transformer). It reports only
 * lexical problems in Falco's words (bad escapes, unterminated strings, `and`/`or` not
 * followed by a blank or `(`, nesting deeper than Falco's limit); anything merely out of
 * place becomes a token the parser rejects with the message for its context.
 *
 * It never throws and runs in time linear in the input.
 */
import { type TokenType } from 'chevrotain';
import { unescapeQuoted } from './escapes';
import * as T from './tokens';
import { makeToken, type ConditionToken } from './tokens';

/** A lexical problem: message in Falco's words and the offending range. */
export interface LexError {
  message: string;
  start: number;
  end: number;
}

/** The tokens and the lexical problems, in text order. */
export interface LexResult {
  tokens: ConditionToken[];
  errors: LexError[];
  /** What the lexer expected after the last token (for editor completion). */
  expecting: Expectation;
}

/** What may come next at a point of a condition, as the lexer's mode says. */
export type Expectation = 'check' | 'operator' | 'number' | 'string' | 'list' | 'listItem' | 'transformerArg' | 'connective';

/** Falco caps the parser's recursion depth at 1000 (`set_max_depth`). */
export const MAX_DEPTH = 1000;

/**
 * Lexes a whole condition. When nesting passes MAX_DEPTH, lexing stops at the offending
 * `(` and the error says so; the tokens before it are returned.
 */
export function lexCondition(text: string): LexResult {
  return new ConditionLexer(text, undefined).run();
}

/**
 * The same tokens as parallel arrays (type, start, end, and a value: the unescaped text of a
 * quoted string, the constant text of an operator), without a token object per token: what the direct parser (`fastParse.ts`) reads.
 */
export interface CompactTokens {
  /** Number of tokens; the arrays may be longer (they are reused from call to call). */
  count: number;
  types: TokenType[];
  starts: number[];
  ends: number[];
  values: (string | undefined)[];
}

/** One set of arrays for every compact lex: a parse reads them before the next one starts. */
const scratch: CompactTokens = { count: 0, types: [], starts: [], ends: [], values: [] };

/**
 * Lexes into compact tokens; `errors` counts lexical problems (their messages are not kept).
 * The tokens are valid until the next call.
 */
export function lexConditionCompact(text: string): { tokens: CompactTokens; errors: number } {
  scratch.count = 0;
  const lexer = new ConditionLexer(text, scratch);
  const errors = lexer.run().errors.length;
  return { tokens: scratch, errors };
}

/** What the lexer expects next. */
const enum Mode {
  /** Start of a check: `not`, `(`, field, transformer, identifier. */
  Check,
  /** After a field or a left-hand transformer: an operator. */
  Operator,
  /** After a numeric operator. */
  NumValue,
  /** After a string operator. */
  StrValue,
  /** After a list operator or a modifier. */
  ListValue,
  /** Inside a list literal. */
  ListItem,
  /** Inside transformer parentheses. */
  TransformerArgs,
  /** After a complete check: `and`, `or`, `)`. */
  Connective,
}

const EXPECTATIONS: Record<Mode, Expectation> = {
  [Mode.Check]: 'check',
  [Mode.Operator]: 'operator',
  [Mode.NumValue]: 'number',
  [Mode.StrValue]: 'string',
  [Mode.ListValue]: 'list',
  [Mode.ListItem]: 'listItem',
  [Mode.TransformerArgs]: 'transformerArg',
  [Mode.Connective]: 'connective',
};

/** What an open parenthesis belongs to, and for transformers where they stand. */
const enum Frame {
  Group,
  List,
  LhsTransformer,
  RhsTransformer,
  ArgTransformer,
}

const RGX_FIELDNAME = /[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+/y;
const RGX_IDENTIFIER = /[a-zA-Z]+[a-zA-Z0-9_]*/y;
const RGX_FIELDARGBARESTR = /[^\][ \b\t\n\r"']+/y;
const RGX_HEXNUM = /0[xX][0-9a-zA-Z]+/y;
const RGX_NUMBER = /[+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?/y;
const RGX_BARESTR = /[^ \b\t\n\r(),="']+/y;
const RGX_WORD = /[^ \b\t\n\r()[\],"']+/y;

const CONNECTIVES = ['and', 'or'];

/** An operator: its token type, the mode after it, and whether a blank must follow (word operators). */
interface OperatorSpec {
  op: string;
  type: TokenType;
  next: Mode;
  word: boolean;
}

/** Every operator in libsinsp's order of trial: unary, numeric, string, list. */
const OPERATORS: OperatorSpec[] = [
  { op: 'exists', type: T.UnaryOp, next: Mode.Connective, word: false },
  ...['<=', '<', '>=', '>'].map((op) => ({ op, type: T.NumOp, next: Mode.NumValue, word: false })),
  ...['==', '=', '!='].map((op) => ({ op, type: T.StrOp, next: Mode.StrValue, word: false })),
  ...T.WORD_STR_OPS.map((op) => ({ op, type: T.StrOp, next: Mode.StrValue, word: true })),
  ...T.LIST_OPS.map((op) => ({ op, type: T.ListOp, next: Mode.ListValue, word: false })),
];

/**
 * The operators by first character (mod 128), still in order of trial: an operator can only
 * match where its first character is, so this tries the same ones in the same order, minus
 * the ones that cannot match (every check has an operator).
 */
const OPERATORS_BY_FIRST: (OperatorSpec[] | undefined)[] = [];
for (const spec of OPERATORS) {
  const key = spec.op.charCodeAt(0) & 127;
  (OPERATORS_BY_FIRST[key] ??= []).push(spec);
}

/** True for Falco's blanks: space, tab, backspace, CR, LF. */
export function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 8 || code === 13 || code === 10;
}

function isTransformer(frame: Frame | undefined): boolean {
  return frame === Frame.LhsTransformer || frame === Frame.RhsTransformer || frame === Frame.ArgTransformer;
}

class ConditionLexer {
  private readonly tokens: ConditionToken[] = [];
  private readonly errors: LexError[] = [];
  private readonly frames: Frame[] = [];
  private pos = 0;
  private mode = Mode.Check;

  /** With `compact`, tokens go there instead of `tokens`. */
  constructor(
    private readonly text: string,
    private readonly compact: CompactTokens | undefined,
  ) {}

  run(): LexResult {
    const text = this.text;
    while (this.pos < text.length) {
      this.skipBlanks();
      if (this.pos >= text.length) break;
      const ok = this.step();
      if (!ok) break;
    }
    return { tokens: this.tokens, errors: this.errors, expecting: EXPECTATIONS[this.mode] };
  }

  /** Lexes one token (or a few that belong together). Returns false to stop lexing. */
  private step(): boolean {
    switch (this.mode) {
      case Mode.Check:
        return this.lexCheck();
      case Mode.Operator:
        this.lexOperator();
        return true;
      case Mode.NumValue:
        return this.lexNumValue();
      case Mode.StrValue:
        return this.lexStrValue();
      case Mode.ListValue:
        return this.lexListValue();
      case Mode.ListItem:
        return this.lexListItem();
      case Mode.TransformerArgs:
        return this.lexTransformerArg();
      case Mode.Connective:
        return this.lexConnective();
    }
  }

  // Step 1: check position, mirroring parse_not then parse_check.
  private lexCheck(): boolean {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 40 /* ( */) return this.openParen(Frame.Group, Mode.Check);
    if (text.startsWith('not', this.pos)) {
      const next = text.charCodeAt(this.pos + 3);
      if (isBlank(next) || next === 40) {
        this.emit(T.Not, this.pos, this.pos + 3);
        return true;
      }
    }
    // A word here is a field only when a `.` follows its first segment, and a transformer
    // only when `(` does: a macro name needs one scan instead of three.
    const ident = this.match(RGX_IDENTIFIER);
    const after = text.charCodeAt(this.pos + ident);
    if (ident > 0 && after === 46 /* . */ && this.lexField(Mode.Operator)) return true;
    const transformer = ident > 0 && after === 40 ? this.matchTransformer(false) : undefined;
    if (transformer !== undefined) return this.emitTransformer(transformer, Frame.LhsTransformer);
    if (ident > 0) {
      this.emit(T.Identifier, this.pos, this.pos + ident);
      this.mode = Mode.Connective;
      return true;
    }
    return this.lexConnective();
  }

  // Step 2: operator position, in libsinsp's order: unary, numeric, string, list.
  private lexOperator(): void {
    const text = this.text;
    const start = this.pos;
    for (const candidate of OPERATORS_BY_FIRST[text.charCodeAt(start) & 127] ?? []) {
      const op = candidate.op;
      if (text.startsWith(op, start) && (!candidate.word || isBlank(text.charCodeAt(start + op.length)))) {
        this.emitOperator(candidate.type, op, candidate.next);
        return;
      }
    }
    this.emitUnknownWord();
    this.mode = Mode.Connective;
  }

  /** An operator token; compact tokens keep the operator's (shared, constant) text as their value. */
  private emitOperator(type: TokenType, op: string, next: Mode): void {
    this.emit(type, this.pos, this.pos + op.length);
    if (this.compact !== undefined) this.compact.values[this.compact.count - 1] = op;
    this.mode = next;
  }

  private lexNumValue(): boolean {
    const transformer = this.matchTransformer(true);
    if (transformer !== undefined) return this.emitTransformer(transformer, Frame.RhsTransformer);
    const n = Math.max(this.match(RGX_HEXNUM), this.match(RGX_NUMBER));
    if (n > 0) {
      this.emit(T.NumberLiteral, this.pos, this.pos + n);
      this.mode = Mode.Connective;
      return true;
    }
    // A word here is a bad value, never `and`/`or` (`proc.pid > andx` wants a number).
    if (this.match(RGX_IDENTIFIER) > 0) {
      this.emitUnknownWord();
      this.mode = Mode.Connective;
      return true;
    }
    return this.lexConnective();
  }

  private lexStrValue(): boolean {
    const modifier = this.matchModifier();
    if (modifier > 0) {
      this.emit(T.Modifier, this.pos, this.pos + modifier);
      this.mode = Mode.ListValue;
      return true;
    }
    const transformer = this.matchTransformer(true);
    if (transformer !== undefined) return this.emitTransformer(transformer, Frame.RhsTransformer);
    if (this.lexQuoted(Mode.Connective)) return true;
    const bare = this.match(RGX_BARESTR);
    if (bare > 0) {
      this.emit(T.BareString, this.pos, this.pos + bare);
      this.mode = Mode.Connective;
      return true;
    }
    return this.lexConnective();
  }

  private lexListValue(): boolean {
    if (this.text.charCodeAt(this.pos) === 40) return this.openParen(Frame.List, Mode.ListItem);
    const transformer = this.matchTransformer(true);
    if (transformer !== undefined) return this.emitTransformer(transformer, Frame.RhsTransformer);
    const ident = this.match(RGX_IDENTIFIER);
    if (ident > 0) {
      this.emit(T.Identifier, this.pos, this.pos + ident);
      this.mode = Mode.Connective;
      return true;
    }
    return this.lexConnective();
  }

  private lexListItem(): boolean {
    const c = this.text.charCodeAt(this.pos);
    if (c === 41 /* ) */) return this.closeParen();
    if (c === 44 /* , */) {
      this.emit(T.Comma, this.pos, this.pos + 1);
      return true;
    }
    if (this.lexQuoted(Mode.ListItem)) return true;
    const bare = this.match(RGX_BARESTR);
    if (bare > 0) {
      this.emit(T.BareString, this.pos, this.pos + bare);
      return true;
    }
    // `(`, `=` or an unterminated quote: out of place in a list.
    this.emit(T.Unknown, this.pos, this.pos + 1);
    return true;
  }

  private lexTransformerArg(): boolean {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 41) return this.closeParen();
    if (c === 44) {
      this.emit(T.Comma, this.pos, this.pos + 1);
      return true;
    }
    if (c === 40) return this.openParen(Frame.List, Mode.ListItem);
    const transformer = this.matchTransformer(true);
    if (transformer !== undefined) return this.emitTransformer(transformer, Frame.ArgTransformer);
    if (this.lexField(Mode.TransformerArgs)) return true;
    if (this.lexQuoted(Mode.TransformerArgs)) return true;
    const n = Math.max(this.match(RGX_HEXNUM), this.match(RGX_NUMBER));
    if (n > 0) {
      this.emit(T.NumberLiteral, this.pos, this.pos + n);
      return true;
    }
    this.emitUnknownWord();
    return true;
  }

  // Step 3: after a check, where libsinsp looks for `and`, `or` or the closing `)`.
  private lexConnective(): boolean {
    const text = this.text;
    const start = this.pos;
    const c = text.charCodeAt(start);
    if (c === 41) return this.closeParen();
    if (c === 40) return this.openParen(Frame.Group, Mode.Check);
    if (c === 44) {
      this.emit(T.Comma, start, start + 1);
      return true;
    }
    for (const word of CONNECTIVES) {
      // Falco matches `and`/`or` as plain prefixes, then demands a blank or `(`.
      if (text.startsWith(word, start)) {
        this.emit(word === 'and' ? T.And : T.Or, start, start + word.length);
        const next = text.charCodeAt(start + word.length);
        if (!(isBlank(next) || next === 40)) {
          this.error(`expected blank or '(' after '${word}'`, start, start + word.length);
        }
        this.mode = Mode.Check;
        return true;
      }
    }
    if (this.lexQuoted(Mode.Connective)) return true;
    this.emitUnknownWord();
    return true;
  }

  /** FIELDNAME with an optional `[arg]` right after it. */
  private lexField(after: Mode): boolean {
    const text = this.text;
    const n = this.match(RGX_FIELDNAME);
    if (n === 0) return false;
    this.emit(T.FieldName, this.pos, this.pos + n);
    this.mode = after;
    if (text.charCodeAt(this.pos) !== 91 /* [ */) return true;
    this.emit(T.LBracket, this.pos, this.pos + 1);
    if (!this.lexQuoted(after)) {
      const bare = this.match(RGX_FIELDARGBARESTR);
      if (bare > 0) this.emit(T.FieldArg, this.pos, this.pos + bare);
    }
    if (this.pos >= text.length) return true;
    if (text.charCodeAt(this.pos) === 93 /* ] */) this.emit(T.RBracket, this.pos, this.pos + 1);
    return true;
  }

  /**
   * A quoted string at the cursor, unescaped like libsinsp's `unescape_str`. Returns false
   * when there is no quote here. An unterminated string is an error at the opening quote
   * and ends lexing.
   */
  private lexQuoted(after: Mode): boolean {
    const text = this.text;
    const start = this.pos;
    const delimiter = text.charCodeAt(start);
    if (delimiter !== 34 && delimiter !== 39) return false;
    // A delimiter preceded by a backslash does not close the string, even after `\\`.
    let end = start + 1;
    while (end < text.length && !(text.charCodeAt(end) === delimiter && text.charCodeAt(end - 1) !== 92)) end++;
    if (end >= text.length) {
      const quote = String.fromCharCode(delimiter);
      this.emit(T.Unknown, start, text.length);
      this.error(`unterminated quoted string: missing the closing ${quote}`, start, start + 1);
      this.mode = after;
      return true;
    }
    const value = unescapeQuoted(text, start, end, (message, from, to) => this.error(message, from, to));
    this.emit(T.QuotedString, start, end + 1);
    if (this.compact !== undefined) this.compact.values[this.compact.count - 1] = value;
    else this.tokens[this.tokens.length - 1].value = value;
    this.mode = after;
    return true;
  }

  /**
   * `oneof`/`anyof`/`allof` after a blank, followed by a `(` or by an identifier that is not
   * and/or/not; otherwise the word is an ordinary string value.
   */
  private matchModifier(): number {
    const text = this.text;
    // A modifier comes after the operator and a blank (`=anyof` is a bare string).
    if (!isBlank(text.charCodeAt(this.pos - 1))) return 0;
    for (const word of T.MODIFIERS) {
      if (!text.startsWith(word, this.pos)) continue;
      let next = this.pos + word.length;
      while (isBlank(text.charCodeAt(next))) next++;
      if (text.charCodeAt(next) === 40) return word.length;
      if (next === this.pos + word.length) return 0;
      RGX_IDENTIFIER.lastIndex = next;
      const m = RGX_IDENTIFIER.exec(text);
      if (m !== null && m[0] !== 'and' && m[0] !== 'or' && m[0] !== 'not') return word.length;
      return 0;
    }
    return 0;
  }

  /** A transformer name immediately followed by `(`; `val` only where `withVal`. */
  private matchTransformer(withVal: boolean): string | undefined {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c < 97 || c > 122) return undefined;
    if (withVal && text.startsWith('val(', this.pos)) return 'val';
    for (const name of T.TRANSFORMERS) {
      if (text.startsWith(name, this.pos) && text.charCodeAt(this.pos + name.length) === 40) return name;
    }
    return undefined;
  }

  private emitTransformer(name: string, frame: Frame): boolean {
    this.emit(T.TransformerName, this.pos, this.pos + name.length);
    return this.openParen(frame, Mode.TransformerArgs);
  }

  private openParen(frame: Frame, next: Mode): boolean {
    if (this.frames.length >= MAX_DEPTH) {
      this.error(`exceeded max depth limit of ${MAX_DEPTH}`, this.pos, this.pos + 1);
      return false;
    }
    this.frames.push(frame);
    this.emit(T.LParen, this.pos, this.pos + 1);
    if (this.compact === undefined) {
      // What the chunked parse needs to cut deep groups (`chunks.ts`).
      const token = this.tokens[this.tokens.length - 1];
      if (frame === Frame.Group) token.opensGroup = true;
      else if (isTransformer(frame)) token.opensArgs = true;
    }
    this.mode = next;
    return true;
  }

  private closeParen(): boolean {
    this.emit(T.RParen, this.pos, this.pos + 1);
    const frame = this.frames.pop();
    const top = this.frames[this.frames.length - 1];
    if (frame === Frame.LhsTransformer) this.mode = Mode.Operator;
    else if (frame === Frame.ArgTransformer || (frame === Frame.List && isTransformer(top))) this.mode = Mode.TransformerArgs;
    else this.mode = Mode.Connective;
    return true;
  }

  /** Text that fits nowhere here: a run of ordinary characters, or one special character. */
  private emitUnknownWord(): void {
    const n = this.match(RGX_WORD);
    this.emit(T.Unknown, this.pos, this.pos + Math.max(n, 1));
  }

  private skipBlanks(): void {
    const text = this.text;
    while (this.pos < text.length && isBlank(text.charCodeAt(this.pos))) this.pos++;
  }

  /** Length of a sticky-regex match at the cursor, 0 when none. */
  private match(regex: RegExp): number {
    // `test` on a sticky regex moves lastIndex to the match's end without building a match array.
    regex.lastIndex = this.pos;
    return regex.test(this.text) ? regex.lastIndex - this.pos : 0;
  }

  private emit(type: TokenType, start: number, end: number): void {
    const compact = this.compact;
    if (compact !== undefined) {
      const idx = compact.count++;
      compact.types[idx] = type;
      compact.starts[idx] = start;
      compact.ends[idx] = end;
      compact.values[idx] = undefined;
    } else {
      this.tokens.push(makeToken(type, this.text.slice(start, end), start, end));
    }
    this.pos = end;
  }

  private error(message: string, start: number, end: number): void {
    this.errors.push({ message, start, end });
  }
}
