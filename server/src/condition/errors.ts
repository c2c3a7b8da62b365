/**
 * Turns chevrotain's parse errors into Falco's messages (libsinsp `filter/parser.cpp`
 * wording), with a precise range. The parser's error provider emits short keys (see
 * `parser.ts`); this file maps each key, plus the rule where it happened, to the text
 * Falco prints. It does not decide which error to show: `index.ts` keeps the first.
 */
import { type IRecognitionException, type IToken } from 'chevrotain';
import { type Range } from './ast';
import { MISMATCH, NO_VIABLE_ALT, NOT_ALL_INPUT, type StartRule } from './parser';
import { OPERATORS_FOR_MESSAGES, TRANSFORMERS_FOR_MESSAGES, type ConditionToken } from './tokens';

/** A problem in a condition: Falco's message and where it is. */
export interface ConditionError {
  message: string;
  range: Range;
}

const quotedTransformers = TRANSFORMERS_FOR_MESSAGES.map((name) => `'${name}'`).join(', ');

/** Falco's message for a missing alternative, by grammar rule. */
const noViableAltMessages: Record<string, string> = {
  notExpr: "expected a '(' token, a field check, or an identifier",
  // libsinsp quotes each operator: one of 'exists', '<=', ...
  checkTail: `expected a valid check operator: one of ${OPERATORS_FOR_MESSAGES.map((op) => `'${op}'`).join(', ')}`,
  numValue: `expected a number value or a field with a valid transformer: ${quotedTransformers}`,
  strValue: `expected a string value or a field with a valid transformer: ${quotedTransformers}`,
  listValue: `expected a list, an identifier, or a field with a valid transformer: ${quotedTransformers}`,
  modifierValue: 'expected a list or an identifier',
  listLiteral: 'expected a string value',
  fieldArg: 'expected a valid field argument: a quoted string or a bare string',
  transformerArg: `expected a field or a nested valid transformer: ${quotedTransformers}`,
  operand: `expected a field or a nested valid transformer: ${quotedTransformers}`,
};

/**
 * Converts one chevrotain exception. `tokens` is the token vector that was parsed (to find
 * the token before the offending one), `textLength` places errors at end of input, and
 * `startRule` says where the parse started: inside a group or a transformer's arguments
 * when a deep one was parsed on its own (`chunks.ts`).
 */
export function toConditionError(
  exception: IRecognitionException,
  tokens: ConditionToken[],
  textLength: number,
  startRule: StartRule = 'condition',
): ConditionError {
  const token = exception.token;
  const atEnd = token.tokenType.name === 'EOF' || Number.isNaN(token.startOffset);
  const start = atEnd ? textLength : token.startOffset;
  const end = atEnd ? textLength : (token.endOffset ?? token.startOffset) + 1;
  let errorRange = { start, end };
  const key = exception.message;
  const ruleStack = exception.context.ruleStack;
  const rule = ruleStack[ruleStack.length - 1] ?? '';
  // Inside brackets libsinsp skips no blanks: the error is right after `[` or the argument.
  if (key === NO_VIABLE_ALT + 'fieldArg' || key === MISMATCH + 'RBracket') {
    const previous = previousToken(tokens, start);
    if (previous !== undefined) {
      const after = previous.startOffset + previous.image.length;
      errorRange = { start: after, end: Math.max(after, start) };
    }
  }

  // Inside a group, libsinsp wants the closing parenthesis where text is left over.
  const topOrExprs = startRule === 'condition' ? 1 : 0;
  const nested = startRule === 'orExpr' || startRule === 'transformerArgs' || ruleStack.filter((name) => name === 'orExpr').length > topOrExprs;
  if (key === NOT_ALL_INPUT) {
    const message =
      startRule === 'orExpr' ? "expected a ')' token" : startRule === 'transformerArgs' ? "expected a ')' token closing the transformer" : unexpectedAfter(previousToken(tokens, start));
    return { message, range: errorRange };
  }
  if (key.startsWith(NO_VIABLE_ALT)) {
    // `val(` takes exactly one field; libsinsp says so in its own words.
    if (rule === 'transformerArg' && isValOpen(tokens, start)) return { message: "expected a field within 'val' transformer", range: errorRange };
    const message = noViableAltMessages[key.slice(NO_VIABLE_ALT.length)] ?? noViableAltMessages[rule];
    return { message: message ?? 'syntax error', range: errorRange };
  }
  if (key.startsWith(MISMATCH)) {
    const expected = key.slice(MISMATCH.length);
    return { message: mismatchMessage(expected, rule, nested, previousToken(tokens, start)), range: errorRange };
  }
  return { message: key, range: errorRange };
}

function mismatchMessage(expected: string, rule: string, nested: boolean, previous: IToken | undefined): string {
  switch (expected) {
    case 'RParen':
      return rule === 'transformer' ? "expected a ')' token closing the transformer" : "expected a ')' token";
    case 'RBracket':
      return "expected a ']' token";
    case 'And':
    case 'Or':
      // In-repetition recovery: leftover text after a check. Inside a group Falco wants `)`.
      return nested ? "expected a ')' token" : unexpectedAfter(previous);
    default:
      return noViableAltMessages[rule] ?? `expected ${expected}`;
  }
}

/** "unexpected token after '<last token>', expecting 'or', 'and'" as libsinsp words it. */
export function unexpectedAfter(previous: IToken | undefined): string {
  return `unexpected token after '${previous === undefined ? '' : falcoImage(previous)}', expecting 'or', 'and'`;
}

/** The text libsinsp keeps as its last token: quoted strings unescaped and unquoted (cut after 1000 characters). */
function falcoImage(token: ConditionToken): string {
  const image = token.value ?? token.image;
  return image.length > 1000 ? `${image.slice(0, 1000)}…` : image;
}

/** True when the tokens just before `offset` are `val` `(`. */
function isValOpen(tokens: ConditionToken[], offset: number): boolean {
  const open = previousToken(tokens, offset);
  if (open === undefined || open.image !== '(') return false;
  const name = previousToken(tokens, open.startOffset);
  return name !== undefined && name.tokenType.name === 'TransformerName' && name.image === 'val';
}

/** The last token that starts before `offset` (binary search; tokens are in text order). */
export function previousToken(tokens: ConditionToken[], offset: number): ConditionToken | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].startOffset < offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found < 0 ? undefined : tokens[found];
}
