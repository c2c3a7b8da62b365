/**
 * The token vocabulary of Falco conditions, shared by the lexer and the parser.
 *
 * Falco's filter language is lexed in context (libsinsp lexes it while it parses): the
 * same characters are a field name in one place and a bare string in another. So every
 * token type here has the pattern `Lexer.NA` and `lexer.ts` decides which type a piece of
 * text gets. This file deliberately holds no patterns and no parsing logic.
 */
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import { type Expr, type TransformerNode } from './ast';

/** A chevrotain token with what the lexer and the chunked parse attach to it. */
export interface ConditionToken extends IToken {
  /** For QuotedString: the value without quotes, escapes resolved. */
  value?: string;
  /** For LParen: true when it opens a group (not a list or transformer arguments). */
  opensGroup?: boolean;
  /** For LParen: true when it opens a transformer's arguments. */
  opensArgs?: boolean;
  /** For Parsed: the expression of the group parsed separately (undefined if it failed). */
  expr?: Expr;
  /** For ParsedArgs: the transformer arguments parsed separately. */
  args?: TransformerNode['args'];
}

function token(name: string, label: string): TokenType {
  return createToken({ name, pattern: Lexer.NA, label });
}

export const LParen = token('LParen', "'('");
export const RParen = token('RParen', "')'");
export const Comma = token('Comma', "','");
export const LBracket = token('LBracket', "'['");
export const RBracket = token('RBracket', "']'");
export const And = token('And', "'and'");
export const Or = token('Or', "'or'");
export const Not = token('Not', "'not'");
/** A dotted name in check or argument position: `proc.name`, `evt.arg.fd`. */
export const FieldName = token('FieldName', 'a field');
/** A bare field argument between brackets: `2` in `proc.aname[2]`, `/a/b` in `json.value[/a/b]`. */
export const FieldArg = token('FieldArg', 'a field argument');
/** A transformer name immediately followed by `(`: `tolower`, `val`, `join`... */
export const TransformerName = token('TransformerName', 'a transformer');
/** A dotless name: a macro reference in check position, a list name after `in`. */
export const Identifier = token('Identifier', 'an identifier');
/** `exists`. */
export const UnaryOp = token('UnaryOp', "'exists'");
/** `<=`, `<`, `>=`, `>`. */
export const NumOp = token('NumOp', 'a numeric operator');
/** `==`, `=`, `!=`, and the word operators `glob` ... `regex` (which need a following blank). */
export const StrOp = token('StrOp', 'a string operator');
/** `intersects`, `in`, `pmatch` (no blank needed after them). */
export const ListOp = token('ListOp', 'a list operator');
/** `oneof`, `anyof`, `allof` after a string operator. */
export const Modifier = token('Modifier', 'a modifier');
/** A number after a numeric operator, or in transformer arguments. */
export const NumberLiteral = token('NumberLiteral', 'a number');
/** `"..."` or `'...'`; the token's `value` holds the unescaped text. */
export const QuotedString = token('QuotedString', 'a quoted string');
/** A bare string value: `[^()"' blanks=,]+`. */
export const BareString = token('BareString', 'a bare string');
/** Placeholder for the inside of a deeply nested group, already parsed (see `chunks.ts`). */
export const Parsed = token('Parsed', 'an expression');
/** Placeholder for the arguments of a deeply nested transformer, already parsed. */
export const ParsedArgs = token('ParsedArgs', 'transformer arguments');
/** Text the lexer could not place; the parser reports it with Falco's message for the context. */
export const Unknown = token('Unknown', 'an unexpected token');

/** Every token type, in the order the parser declares them. */
export const allTokens: TokenType[] = [
  LParen,
  RParen,
  Comma,
  LBracket,
  RBracket,
  And,
  Or,
  Not,
  FieldName,
  FieldArg,
  TransformerName,
  Identifier,
  UnaryOp,
  NumOp,
  StrOp,
  ListOp,
  Modifier,
  NumberLiteral,
  QuotedString,
  BareString,
  Parsed,
  ParsedArgs,
  Unknown,
];

/** Operators in the order Falco lists them in "expected a valid check operator: one of ...". */
export const OPERATORS_FOR_MESSAGES = [
  'exists', '<=', '<', '>=', '>', '==', '=', '!=', 'glob', 'iglob', 'contains', 'icontains',
  'bcontains', 'startswith', 'bstartswith', 'endswith', 'regex', 'intersects', 'in', 'pmatch',
];

/** Word string operators; each must be followed by a blank. */
export const WORD_STR_OPS = [
  'glob', 'iglob', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith',
  'regex',
];

/** List operators, longest first so `intersects` wins over `in`. */
export const LIST_OPS = ['intersects', 'in', 'pmatch'];

/** Modifiers of string operators (libs 0.25+). */
export const MODIFIERS = ['oneof', 'anyof', 'allof'];

/** Transformers usable on the left-hand side and nested (all but `val`). */
export const TRANSFORMERS = ['tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'];

/** Transformers taking several arguments (fields, transformers, quoted strings, numbers, lists). */
export const MULTI_ARG_TRANSFORMERS = ['join', 'concat', 'getopt'];

/** Transformer names as Falco lists them in messages, `val` first. */
export const TRANSFORMERS_FOR_MESSAGES = ['val', ...TRANSFORMERS];

/**
 * A token with the fields chevrotain reads (offsets, type) and no line/column: positions
 * are offsets everywhere in this module. One object shape for every token keeps it fast.
 */
export function makeToken(type: TokenType, image: string, start: number, end: number): ConditionToken {
  return {
    image,
    startOffset: start,
    endOffset: end - 1,
    tokenType: type,
    tokenTypeIdx: type.tokenTypeIdx as number,
    value: undefined,
    opensGroup: undefined,
    opensArgs: undefined,
    expr: undefined,
    args: undefined,
  };
}
