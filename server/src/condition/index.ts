/**
 * The condition API: parse a Falco condition into an AST with Falco's error messages,
 * print an AST back to canonical text, walk it. Everything else in `condition/` is an
 * implementation detail behind these few functions.
 *
 * Syntax only: fields, operators-for-a-type, macros and lists are checked by later passes.
 * Like libsinsp, only the first syntax error is reported, with a precise range; error
 * recovery still returns a partial tree for the editor. Never throws.
 */
import { type Expr, type Operand, type Range } from './ast';
import { type ConditionError } from './errors';
import { lexCondition } from './lexer';
import { parseChunked } from './chunks';
import { fastParseCondition } from './fastParse';
import { parseInPieces, PIECE_THRESHOLD } from './pieces';

export type * from './ast';
export type { ConditionError } from './errors';
export { printExpr, printOperand, printString } from './print';
export { walkExpr } from './walk';
export { classifyConditionTokens, type ClassifiedToken, type ConditionTokenKind } from './highlight';
export { MAX_DEPTH, type Expectation } from './lexer';
export { conditionContextAt, type ConditionContext } from './context';

/** The tree (possibly partial when there are errors) and at most one error. */
export interface ConditionParseResult {
  expr?: Expr;
  errors: ConditionError[];
}

/** Parses condition text. `errors` is empty on success, else holds the first error. */
export function parseCondition(text: string): ConditionParseResult {
  try {
    return parseUnsafe(text);
  } catch (exception) {
    return { errors: [internalError(exception, text)] };
  }
}

/**
 * A bug or an exhausted stack, reported as data rather than thrown. Deep groups and
 * transformers are parsed in chunks (chunks.ts), so a stack overflow means a bug.
 */
function internalError(exception: unknown, text: string): ConditionError {
  if (exception instanceof RangeError) return { message: 'expression nested too deeply to parse', range: { start: 0, end: text.length } };
  const message = exception instanceof Error ? exception.message : String(exception);
  return { message: `internal parser error: ${message}`, range: { start: 0, end: text.length } };
}

function parseUnsafe(text: string): ConditionParseResult {
  // Step 1: Falco rejects empty text before lexing; blank-only text fails in the grammar.
  if (text.length === 0) return { errors: [{ message: 'filter input string is empty', range: { start: 0, end: 0 } }] };

  // Step 2: an error-free condition of usual size parses straight to the AST (fastParse.ts).
  const fast = fastParseCondition(text, PIECE_THRESHOLD);
  if (fast !== undefined) return { expr: fast, errors: [] };

  // Step 3: lex. A nesting-depth error stops here, so the parser never recurses that deep.
  const lexed = lexCondition(text);
  const lexErrors: ConditionError[] = lexed.errors.map((e) => ({ message: e.message, range: { start: e.start, end: e.end } }));
  if (lexErrors.some((e) => e.message.startsWith('exceeded max depth limit'))) return { errors: firstOf(lexErrors, []) };

  // Step 4: parse to a CST with recovery and build the AST: deep groups apart (chunks.ts),
  // very long conditions one top-level operand at a time (pieces.ts).
  const parsed = lexed.tokens.length > PIECE_THRESHOLD ? parseInPieces(lexed.tokens, text.length) : parseChunked(lexed.tokens, text.length);
  const expr = parsed.tree;

  // Step 5: keep the first error in text order; on ties the lexer's is the most precise.
  const errors = firstOf(lexErrors, parsed.errors);
  return expr === undefined ? { errors } : { expr, errors };
}

/** A standalone field or transformer (as in an output format), its first error, if any. */
export interface OperandParseResult {
  operand?: Operand;
  errors: ConditionError[];
}

/**
 * Parses `text` as exactly one operand: `proc.name`, `proc.aname[2]`, `tolower(proc.name)`.
 * Ranges are offsets into `text`. Never throws.
 */
export function parseOperand(text: string): OperandParseResult {
  try {
    const lexed = lexCondition(text);
    const lexErrors: ConditionError[] = lexed.errors.map((e) => ({ message: e.message, range: { start: e.start, end: e.end } }));
    if (lexErrors.some((e) => e.message.startsWith('exceeded max depth limit'))) return { errors: firstOf(lexErrors, []) };
    const parsed = parseChunked(lexed.tokens, text.length, 'operand');
    const errors = firstOf(lexErrors, parsed.errors);
    return parsed.tree === undefined ? { errors } : { operand: parsed.tree, errors };
  } catch (exception) {
    return { errors: [internalError(exception, text)] };
  }
}

function firstOf(preferred: ConditionError[], others: ConditionError[]): ConditionError[] {
  let best: ConditionError | undefined;
  for (const error of [...preferred, ...others]) {
    if (best === undefined || error.range.start < best.range.start) best = error;
  }
  return best === undefined ? [] : [best];
}

/** True when `range` lies inside `outer`. */
export function rangeContains(outer: Range, range: Range): boolean {
  return outer.start <= range.start && range.end <= outer.end;
}
