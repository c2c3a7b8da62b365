/**
 * Parses deeply nested conditions without deep recursion. A recursive-descent parser
 * (chevrotain's, like libsinsp's) uses a few stack frames per rule, so a few hundred nested
 * groups would exhaust Node's stack long before Falco's depth limit of 1000.
 *
 * So the token vector is cut, in one pass, at every group or transformer whose `(` opens at
 * a nesting depth multiple of CHUNK_DEPTH: its inside is parsed on its own (innermost first,
 * as its `)` is met), and replaced in its parent by one `Parsed` token carrying the
 * expression (or a `ParsedArgs` token carrying the transformer's arguments). Each parser call then sees at most CHUNK_DEPTH levels.
 * Conditions nested less than CHUNK_DEPTH deep (all real ones) take a single parse.
 *
 * It does not change what is accepted or the error reported; `index.ts` keeps the first.
 */
import { type IToken } from 'chevrotain';
import { type Expr, type Operand, type TransformerNode } from './ast';
import { type ConditionError, toConditionError } from './errors';
import { parseTokens, type StartRule } from './parser';
import { toAst, toOperand, toTransformerArgs } from './toAst';
import * as T from './tokens';
import { makeToken, type ConditionToken } from './tokens';

/** Groups opening at a depth multiple of this are parsed separately. */
export const CHUNK_DEPTH = 48;

/** The tree (possibly partial) and every error found, in no particular order. */
export interface ChunkedParse<R> {
  tree?: R;
  errors: ConditionError[];
}

/** Parses a whole token vector, cutting deep groups and transformers into separate parses. */
export function parseChunked(tokens: ConditionToken[], textLength: number, top?: 'condition' | 'notExpr'): ChunkedParse<Expr>;
export function parseChunked(tokens: ConditionToken[], textLength: number, top: 'operand'): ChunkedParse<Operand>;
export function parseChunked(tokens: ConditionToken[], textLength: number, top: 'condition' | 'notExpr' | 'operand' = 'condition'): ChunkedParse<Expr | Operand> {
  const errors: ConditionError[] = [];
  if (!needsChunks(tokens)) {
    const tree = parseSegment(tokens, top, errors, textLength) as Expr | Operand | undefined;
    return tree === undefined ? { errors } : { tree, errors };
  }
  // Segments under construction, the outermost first, each with the rule that parses it.
  // Each open paren records whether it started a segment, so its `)` knows to close it.
  const segments: Segment[] = [{ tokens: [], rule: top }];
  const parens: boolean[] = [];
  for (const token of tokens) {
    const top = segments[segments.length - 1];
    if (token.tokenType === T.LParen) {
      const atCut = (parens.length + 1) % CHUNK_DEPTH === 0;
      const rule = token.opensGroup === true ? 'orExpr' : token.opensArgs === true ? 'transformerArgs' : undefined;
      const cut = atCut && rule !== undefined;
      parens.push(cut);
      top.tokens.push(token);
      if (cut) segments.push({ tokens: [], rule });
      continue;
    }
    if (token.tokenType === T.RParen && parens.length > 0 && parens.pop() === true) {
      closeSegment(segments, errors, textLength);
      segments[segments.length - 1].tokens.push(token);
      continue;
    }
    top.tokens.push(token);
  }
  // Unclosed cut parentheses: parse their insides anyway; the missing `)` is reported above.
  while (segments.length > 1) closeSegment(segments, errors, textLength);
  const tree = parseSegment(segments[0].tokens, top, errors, textLength) as Expr | Operand | undefined;
  return tree === undefined ? { errors } : { tree, errors };
}

interface Segment {
  tokens: ConditionToken[];
  rule: StartRule;
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

function closeSegment(segments: Segment[], errors: ConditionError[], textLength: number): void {
  const { tokens: inner, rule } = segments.pop() as Segment;
  const parsed = parseSegment(inner, rule, errors, textLength);
  const parent = segments[segments.length - 1].tokens;
  const open = parent[parent.length - 1];
  const start = inner.length > 0 ? inner[0].startOffset : open.startOffset + 1;
  const last = inner[inner.length - 1] as ConditionToken | undefined;
  const end = last !== undefined ? (last.endOffset ?? last.startOffset) + 1 : start;
  const placeholder = makeToken(rule === 'transformerArgs' ? T.ParsedArgs : T.Parsed, '', start, end);
  if (rule === 'transformerArgs') placeholder.args = parsed as TransformerNode['args'];
  else placeholder.expr = parsed as Expr | undefined;
  parent.push(placeholder);
}

/**
 * Parses one token vector. When text is left over (Falco stops there with "unexpected token
 * after ..."), the leftover up to the next `and`/`or` is dropped and the rest parsed again,
 * a few times at most, so the editor still gets the tree after a typo. The first error is
 * unchanged: every error of a later attempt lies after it.
 */
function parseSegment(tokens: ConditionToken[], rule: StartRule, errors: ConditionError[], textLength: number): Expr | Operand | TransformerNode['args'] | undefined {
  let current = tokens;
  for (let attempt = 0; ; attempt++) {
    const { cst, parser } = parseTokens(current, rule);
    const leftover = parser.errors.find((exception) => exception.name === 'NotAllInputParsedException');
    for (const exception of parser.errors) errors.push(toConditionError(exception, current, textLength, rule));
    // The shared parser would otherwise keep this token vector alive until the next parse.
    parser.input = [];
    if (rule === 'transformerArgs') return toTransformerArgs(cst, errors);
    if (rule === 'operand') return toOperand(cst, errors);
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
