/**
 * Parses very long conditions piece by piece. A megabyte condition is a long chain of
 * checks joined by `and`/`or` at the top level; parsing it in one call keeps its whole CST
 * alive until the AST is built, and the garbage collector then spends more time than the
 * parser. So above PIECE_THRESHOLD tokens the token vector is cut at every top-level
 * `and`/`or`, each operand is parsed on its own (its CST dies young), and the operands are
 * joined back with Falco's precedence (`and` binds tighter than `or`).
 *
 * The tree, the errors and their positions are the same as one parse would give; the
 * libsinsp quirk `a or(b) and c` is checked here because it spans two pieces.
 */
import { type Expr, type Range } from './ast';
import { parseChunked, type ChunkedParse } from './chunks';
import { type ConditionError, unexpectedAfter } from './errors';
import * as T from './tokens';
import { type ConditionToken } from './tokens';

/** Token count above which a condition is parsed in pieces. */
export const PIECE_THRESHOLD = 4096;

/** Parses a whole condition's tokens, one top-level operand at a time. */
export function parseInPieces(tokens: ConditionToken[], textLength: number): ChunkedParse<Expr> {
  const errors: ConditionError[] = [];
  const { pieces, ops } = split(tokens);
  const exprs = pieces.map((piece) => {
    const parsed = parseChunked(piece, textLength, 'notExpr');
    errors.push(...parsed.errors);
    return parsed.tree;
  });
  checkOrParenQuirk(pieces, ops, errors);

  // Join: runs of `and` first, then `or` over the runs.
  const orChildren: Expr[] = [];
  let andChildren: Expr[] = [];
  let andRange: Range | undefined;
  const flushAnd = (): void => {
    if (andChildren.length === 1) orChildren.push(andChildren[0]);
    else if (andChildren.length > 1 && andRange !== undefined) orChildren.push({ kind: 'and', children: andChildren, range: andRange });
    andChildren = [];
    andRange = undefined;
  };
  exprs.forEach((expr, pieceIdx) => {
    if (pieceIdx > 0 && ops[pieceIdx - 1].tokenType === T.Or) flushAnd();
    if (expr === undefined) return;
    andChildren.push(expr);
    const extent = pieceRange(pieces[pieceIdx]);
    andRange = andRange === undefined ? extent : { start: andRange.start, end: extent.end };
  });
  flushAnd();
  if (orChildren.length === 0) return { errors };
  if (orChildren.length === 1) return { tree: orChildren[0], errors };
  const range = { start: orChildren[0].range.start, end: orChildren[orChildren.length - 1].range.end };
  // An `or` child that is a parenthesised group reaches out to its parentheses.
  range.start = Math.min(range.start, pieceRange(pieces.find((piece) => piece.length > 0) ?? []).start);
  range.end = Math.max(range.end, pieceRange(lastNonEmpty(pieces)).end);
  return { tree: { kind: 'or', children: orChildren, range }, errors };
}

/** Cuts at every `and`/`or` outside parentheses. */
function split(tokens: ConditionToken[]): { pieces: ConditionToken[][]; ops: ConditionToken[] } {
  const pieces: ConditionToken[][] = [];
  const ops: ConditionToken[] = [];
  let current: ConditionToken[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.tokenType === T.LParen) depth++;
    else if (token.tokenType === T.RParen && depth > 0) depth--;
    else if (depth === 0 && (token.tokenType === T.And || token.tokenType === T.Or)) {
      pieces.push(current);
      ops.push(token);
      current = [];
      continue;
    }
    current.push(token);
  }
  pieces.push(current);
  return { pieces, ops };
}

/** `a or(b) and c`: libsinsp takes `or(` + one group as the whole `or` operand. */
function checkOrParenQuirk(pieces: ConditionToken[][], ops: ConditionToken[], errors: ConditionError[]): void {
  ops.forEach((op, opIdx) => {
    const next = ops[opIdx + 1] as ConditionToken | undefined;
    const piece = pieces[opIdx + 1];
    if (op.tokenType !== T.Or || next?.tokenType !== T.And || piece.length < 2) return;
    if (piece[0].tokenType !== T.LParen || piece[0].startOffset !== (op.endOffset ?? NaN) + 1) return;
    // The group must be the whole piece: its `(` closes at the piece's last token.
    let depth = 0;
    for (let tokenIdx = 0; tokenIdx < piece.length; tokenIdx++) {
      const type = piece[tokenIdx].tokenType;
      if (type === T.LParen) depth++;
      else if (type === T.RParen) depth--;
      if (depth === 0 && tokenIdx < piece.length - 1) return;
    }
    const close = piece[piece.length - 1];
    if (depth === 0 && close.tokenType === T.RParen) {
      errors.push({ message: unexpectedAfter(close), range: { start: next.startOffset, end: next.startOffset + next.image.length } });
    }
  });
}

function pieceRange(piece: ConditionToken[]): Range {
  if (piece.length === 0) return { start: Infinity, end: -Infinity };
  const last = piece[piece.length - 1];
  return { start: piece[0].startOffset, end: (last.endOffset ?? last.startOffset) + 1 };
}

function lastNonEmpty(pieces: ConditionToken[][]): ConditionToken[] {
  for (let pieceIdx = pieces.length - 1; pieceIdx >= 0; pieceIdx--) if (pieces[pieceIdx].length > 0) return pieces[pieceIdx];
  return [];
}
