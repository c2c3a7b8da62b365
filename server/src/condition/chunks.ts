/**
 * Parses deeply nested conditions without deep recursion. A recursive-descent parser
 * (chevrotain's, like libsinsp's) uses a few stack frames per rule, so a few hundred nested
 * groups would exhaust Node's stack long before Falco's depth limit of 1000.
 *
 * So the token vector is cut, in one pass, at every group that opens at a nesting depth
 * multiple of CHUNK_DEPTH: the inside of such a group is parsed on its own (innermost
 * first, as its `)` is met), and replaced in its parent by one `Parsed` token that carries
 * the resulting expression. Each parser call then sees at most CHUNK_DEPTH levels.
 * Conditions nested less than CHUNK_DEPTH deep (all real ones) take a single parse.
 *
 * It does not change what is accepted or the error reported; `index.ts` keeps the first.
 */
import { type IToken } from 'chevrotain';
import { type Expr } from './ast';
import { type ConditionError, toConditionError } from './errors';
import { parseTokens } from './parser';
import { toAst } from './toAst';
import * as T from './tokens';
import { makeToken, type ConditionToken } from './tokens';

/** Groups opening at a depth multiple of this are parsed separately. */
export const CHUNK_DEPTH = 48;

/** The expression (possibly partial) and every error found, in no particular order. */
export interface ChunkedParse {
  expr?: Expr;
  errors: ConditionError[];
}

/** Parses a whole token vector, cutting deep groups into separate parses. */
export function parseChunked(tokens: ConditionToken[], textLength: number): ChunkedParse {
  const errors: ConditionError[] = [];
  if (!needsChunks(tokens)) {
    const expr = parseSegment(tokens, 'condition', errors, textLength);
    return expr === undefined ? { errors } : { expr, errors };
  }
  // Segments under construction: the outermost first. Each open paren records whether
  // it started a segment, so its `)` knows to close it.
  const segments: ConditionToken[][] = [[]];
  const parens: boolean[] = [];
  for (const token of tokens) {
    if (token.tokenType === T.LParen) {
      const cut = token.opensGroup === true && (parens.length + 1) % CHUNK_DEPTH === 0;
      parens.push(cut);
      segments[segments.length - 1].push(token);
      if (cut) segments.push([]);
      continue;
    }
    if (token.tokenType === T.RParen && parens.length > 0 && parens.pop() === true) {
      closeSegment(segments, errors, textLength);
      segments[segments.length - 1].push(token);
      continue;
    }
    segments[segments.length - 1].push(token);
  }
  // Unclosed cut groups: parse their insides anyway; the missing `)` is reported above.
  while (segments.length > 1) closeSegment(segments, errors, textLength);
  const expr = parseSegment(segments[0], 'condition', errors, textLength);
  return expr === undefined ? { errors } : { expr, errors };
}

/** True when some parenthesis opens at CHUNK_DEPTH or deeper (no real condition does). */
function needsChunks(tokens: ConditionToken[]): boolean {
  let depth = 0;
  for (const token of tokens) {
    if (token.tokenType === T.LParen) {
      if (++depth >= CHUNK_DEPTH) return true;
    } else if (token.tokenType === T.RParen && depth > 0) {
      depth--;
    }
  }
  return false;
}

function closeSegment(segments: ConditionToken[][], errors: ConditionError[], textLength: number): void {
  const inner = segments.pop() as ConditionToken[];
  const expr = parseSegment(inner, 'orExpr', errors, textLength);
  const parent = segments[segments.length - 1];
  const open = parent[parent.length - 1];
  const start = inner.length > 0 ? inner[0].startOffset : open.startOffset + 1;
  const last = inner[inner.length - 1] as ConditionToken | undefined;
  const end = last !== undefined ? (last.endOffset ?? last.startOffset) + 1 : start;
  const placeholder = makeToken(T.Parsed, '', start, end);
  placeholder.expr = expr;
  parent.push(placeholder);
}

/**
 * Parses one token vector. When text is left over (Falco stops there with "unexpected token
 * after ..."), the leftover up to the next `and`/`or` is dropped and the rest parsed again,
 * a few times at most, so the editor still gets the tree after a typo. The first error is
 * unchanged: every error of a later attempt lies after it.
 */
function parseSegment(tokens: ConditionToken[], rule: 'condition' | 'orExpr', errors: ConditionError[], textLength: number): Expr | undefined {
  let current = tokens;
  for (let attempt = 0; ; attempt++) {
    const { cst, parser } = parseTokens(current, rule);
    const leftover = parser.errors.find((exception) => exception.name === 'NotAllInputParsedException');
    for (const exception of parser.errors) errors.push(toConditionError(exception, current, textLength, rule === 'orExpr'));
    const expr = toAst(cst, errors);
    const next = leftover === undefined || attempt >= MAX_RESYNC ? undefined : withoutLeftover(current, leftover.token);
    if (next === undefined) return expr;
    current = next;
  }
}

/** Resynchronisation attempts per parse. */
const MAX_RESYNC = 16;

/** `tokens` without the run from `from` to the next `and`/`or` outside parentheses. */
function withoutLeftover(tokens: ConditionToken[], from: IToken): ConditionToken[] | undefined {
  const start = tokens.indexOf(from as ConditionToken);
  if (start < 0) return undefined;
  let depth = 0;
  for (let tokenIdx = start; tokenIdx < tokens.length; tokenIdx++) {
    const type = tokens[tokenIdx].tokenType;
    if (type === T.LParen) depth++;
    else if (type === T.RParen && depth > 0) depth--;
    else if (depth === 0 && (type === T.And || type === T.Or)) return [...tokens.slice(0, start), ...tokens.slice(tokenIdx)];
  }
  return undefined;
}
