/**
 * Output format parsing: splits a rule's `output` into literal text and `%` field tokens,
 * as libsinsp's event formatter does. After `%` comes an optional width (`%10proc.name`),
 * then a transformer expression (`%tolower(proc.name)`, never `val(`) or a field: the
 * longest prefix that `isKnownField` accepts (`%proc.namex` is proc.name then text "x"),
 * with an optional `[arg]`. A leading `*` asks for `<NA>` on missing values.
 *
 * It does not know the field catalog (the caller's `isKnownField` does) and does not treat
 * `%container.info` specially: the rules loader handles its deprecation.
 */
import { parseOperand, type ConditionError, type Operand, type Range } from '../condition';
import { TRANSFORMERS } from '../condition/tokens';

/** Literal text of the format. */
export interface OutputTextToken {
  kind: 'text';
  text: string;
  range: Range;
}

/** A `%` token; `range` covers the `%`, the width and the expression. */
export interface OutputFieldToken {
  kind: 'field';
  expr: Operand;
  width?: number;
  range: Range;
}

export type OutputToken = OutputTextToken | OutputFieldToken;

/** The tokens in order, every problem found (each with a range), and the leading `*`. */
export interface OutputParseResult {
  tokens: OutputToken[];
  errors: ConditionError[];
  forceNA: boolean;
}

/** A field name candidate after `%` (sticky: matched at a position). */
const FIELD_CANDIDATE = /[a-zA-Z][a-zA-Z0-9_.]*/y;

/** An argument written in matching quotes. */
const QUOTED = /^(["']).*\1$/s;

/** The longest field name tried after `%` (real ones are under 64 characters). */
const MAX_FIELD_NAME = 256;

/**
 * Parses an output format. Never throws. With `fieldsOnly`, `tokens` holds only the field
 * tokens (what checking a format needs; no literal text is copied out).
 */
export function parseOutput(text: string, isKnownField: (name: string) => boolean, options: { fieldsOnly?: boolean } = {}): OutputParseResult {
  const forceNA = text.startsWith('*');
  const result: OutputParseResult = { tokens: [], errors: [], forceNA };
  const textTokens = options.fieldsOnly !== true;
  let pos = forceNA ? 1 : 0;
  let textStart = pos;
  while (pos < text.length) {
    const percent = text.indexOf('%', pos);
    if (percent === -1) {
      pos = text.length;
      break;
    }
    pos = percent;
    if (textTokens) pushText(result, text, textStart, pos);
    pos = parsePercent(result, text, pos, isKnownField);
    textStart = pos;
  }
  if (textTokens) pushText(result, text, textStart, pos);
  return result;
}

/** Parses the token at `percent` (a `%`); returns where literal text resumes. */
function parsePercent(result: OutputParseResult, text: string, percent: number, isKnownField: (name: string) => boolean): number {
  // Step 1: the optional width.
  let pos = percent + 1;
  while (pos < text.length && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) pos++;
  const width = pos > percent + 1 ? Number(text.slice(percent + 1, pos)) : undefined;
  if (pos >= text.length) {
    const message = `invalid formatting token ${text.slice(percent)}: the format ends after '%'`;
    result.errors.push({ message, range: { start: percent, end: text.length } });
    return text.length;
  }

  // Step 2: a transformer expression, up to its matching parenthesis.
  const transformer = transformerAt(text, pos);
  if (transformer !== undefined) {
    const close = matchingParen(text, pos + transformer.length);
    const parsed = parseOperand(text.slice(pos, close));
    if (parsed.operand === undefined || parsed.errors.length > 0) {
      for (const error of parsed.errors) {
        result.errors.push({ message: error.message, range: { start: error.range.start + pos, end: error.range.end + pos } });
      }
      if (parsed.errors.length === 0) invalid(result, text, percent, close);
      return close;
    }
    pushField(result, shiftOperand(parsed.operand, pos), width, percent, close);
    return close;
  }

  // Step 3: the longest known field name, then an optional [arg].
  FIELD_CANDIDATE.lastIndex = pos;
  if (!FIELD_CANDIDATE.test(text)) return invalid(result, text, percent, pos + 1);
  const matchLength = FIELD_CANDIDATE.lastIndex - pos;
  // Field names are short; trying prefixes of a huge word would be quadratic.
  let nameEnd = pos + Math.min(matchLength, MAX_FIELD_NAME);
  let name = text.slice(pos, nameEnd);
  while (nameEnd > pos && !isKnownField(name)) name = text.slice(pos, --nameEnd);
  if (nameEnd === pos) return invalid(result, text, percent, pos + matchLength);
  const field: Operand = { kind: 'field', name, nameRange: { start: pos, end: nameEnd }, range: { start: pos, end: nameEnd } };
  if (text[nameEnd] === '[') {
    const closeBracket = text.indexOf(']', nameEnd + 1);
    if (closeBracket < 0) {
      result.errors.push({ message: "expected a ']' token", range: { start: nameEnd, end: text.length } });
      return text.length;
    }
    const raw = text.slice(nameEnd + 1, closeBracket);
    field.arg = QUOTED.test(raw) ? raw.slice(1, -1) : raw;
    field.argRange = { start: nameEnd + 1, end: closeBracket };
    field.range = { start: pos, end: closeBracket + 1 };
    nameEnd = closeBracket + 1;
  }
  pushField(result, field, width, percent, nameEnd);
  return nameEnd;
}

/** Notes an invalid token from `percent` to `end`; returns `end`. */
function invalid(result: OutputParseResult, text: string, percent: number, end: number): number {
  result.errors.push({ message: `invalid formatting token ${restOf(text, percent + 1)}`, range: { start: percent, end: Math.max(end, percent + 1) } });
  return end;
}

/** The transformer whose name and `(` start at `pos`, if any (a loop: this runs for every `%`). */
function transformerAt(text: string, pos: number): string | undefined {
  for (const name of TRANSFORMERS) {
    if (text.startsWith(name, pos) && text.charCodeAt(pos + name.length) === 40) {
      return name;
    }
  }
  return undefined;
}

/** The rest of the format after `start`, as Falco quotes it; cut after 1000 characters. */
function restOf(text: string, start: number): string {
  return text.length - start > 1000 ? `${text.slice(start, start + 1000)}…` : text.slice(start);
}

function pushField(result: OutputParseResult, expr: Operand, width: number | undefined, start: number, end: number): void {
  const token: OutputFieldToken = { kind: 'field', expr, range: { start, end } };
  if (width !== undefined) token.width = width;
  result.tokens.push(token);
}

function pushText(result: OutputParseResult, text: string, start: number, end: number): void {
  if (end > start) result.tokens.push({ kind: 'text', text: text.slice(start, end), range: { start, end } });
}

/** The offset just after the `)` matching the `(` at `open`, skipping quoted strings; or the end. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let pos = open; pos < text.length; pos++) {
    const ch = text[pos];
    if (ch === '"' || ch === "'") {
      pos++;
      while (pos < text.length && !(text[pos] === ch && text[pos - 1] !== '\\')) pos++;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')') {
      depth--;
      if (depth === 0) return pos + 1;
    }
  }
  return text.length;
}

/** A copy of `operand` with every range moved by `delta`. */
function shiftOperand<N extends object>(node: N, delta: number): N {
  return JSON.parse(JSON.stringify(node), (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && 'start' in value && 'end' in value && Object.keys(value).length === 2) {
      const rangeValue = value as Range;
      return { start: rangeValue.start + delta, end: rangeValue.end + delta };
    }
    return value;
  }) as N;
}
