/**
 * What may be typed at a cursor in a condition, for editor completion: the lexer's own
 * mode at that point (a check, an operator, a string, a list...), the word being typed if
 * the cursor ends one, and the field a following operator applies to. It reads the text
 * before the cursor only, with the same context rules as the parser, so it also works on
 * conditions that do not parse yet. It proposes nothing itself.
 */
import { type Range } from './ast';
import { lexCondition, type Expectation } from './lexer';
import * as T from './tokens';

/** The context at a cursor. */
export interface ConditionContext {
  /** What the grammar accepts here; 'fieldArg' inside `field[`. */
  expecting: Expectation | 'fieldArg';
  /** The word the cursor ends (to be replaced by a completion), if any. */
  partial?: Range;
  /** When `expecting` is 'operator': the last field name before it (inside a transformer too). */
  field?: string;
}

/** The context at `offset` (0 ≤ offset ≤ text.length) of condition `text`. Never throws. */
export function conditionContextAt(text: string, offset: number): ConditionContext {
  const prefix = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lexed = lexCondition(prefix);
  const last = lexed.tokens[lexed.tokens.length - 1] as T.ConditionToken | undefined;
  const lastEnd = last === undefined ? -1 : last.startOffset + last.image.length;
  // A word that ends at the cursor is still being typed: its context is the one before it.
  if (last !== undefined && lastEnd === prefix.length && /[A-Za-z0-9_.]$/.test(last.image)) {
    const before = lexCondition(prefix.slice(0, last.startOffset));
    return withField({ expecting: before.expecting, partial: { start: last.startOffset, end: lastEnd } }, before.tokens);
  }
  if (last?.tokenType === T.LBracket && lastEnd === prefix.length) return { expecting: 'fieldArg' };
  // `startswith anyof ` is a bare string until a list follows; the user is writing that list.
  const previous = lexed.tokens[lexed.tokens.length - 2] as T.ConditionToken | undefined;
  if (last?.tokenType === T.BareString && T.MODIFIERS.includes(last.image) && previous?.tokenType === T.StrOp && lastEnd < prefix.length) {
    return { expecting: 'list' };
  }
  return withField({ expecting: lexed.expecting }, lexed.tokens);
}

/** Adds the operator's left-hand field: the last field name before the cursor. */
function withField(context: ConditionContext, tokens: T.ConditionToken[]): ConditionContext {
  if (context.expecting !== 'operator') return context;
  for (let tokenIdx = tokens.length - 1; tokenIdx >= 0; tokenIdx--) {
    const token = tokens[tokenIdx];
    if (token.tokenType === T.FieldName) return { ...context, field: token.image };
  }
  return context;
}
