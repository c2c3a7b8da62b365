/**
 * Maps each character of a decoded YAML scalar back to its offset in the file, for plain,
 * single-quoted, double-quoted and block (`|`, `>`) scalars. The `yaml` package gives the
 * decoded value and the scalar's source range; this module re-decodes the source to learn
 * where every character came from. When the re-decoding disagrees with the value (exotic
 * escapes, explicit indentation indicators), it falls back to a proportional map so that
 * positions stay inside the scalar. It does not decide what a scalar means.
 */

/** Per-character file offsets of a decoded scalar: `offsets[i]` for `value[i]`, plus one end entry. */
export type OffsetMap = Int32Array;

/** Scalar styles, as the `yaml` package names them. */
export type ScalarStyle = 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';

/** Builds the offset map of `value`, decoded from `text[start, end)` in the given style. */
export function scalarOffsetMap(text: string, start: number, end: number, style: ScalarStyle, value: string): OffsetMap {
  if (end > text.length || start > end) {
    // The anchored text is gone or does not hold the scalar: keep positions inside the span.
    return proportionalMap(start, end, value.length);
  }
  // Fast path: the value is written verbatim (one-line plain, or quoted without escapes).
  const verbatimAt = style === 'PLAIN' ? start : style === 'QUOTE_SINGLE' || style === 'QUOTE_DOUBLE' ? start + 1 : -1;
  if (verbatimAt !== -1 && text.startsWith(value, verbatimAt) && !value.includes('\n')) {
    const closing = style === 'PLAIN' ? 0 : 1;
    if (verbatimAt + value.length + closing === end) {
      const map = new Int32Array(value.length + 1);
      for (let idx = 0; idx <= value.length; idx++) {
        map[idx] = verbatimAt + idx;
      }
      return map;
    }
  }
  const acc = new Builder();
  switch (style) {
    case 'PLAIN':
      decodeFlow(text, start, end, acc, 'plain');
      break;
    case 'QUOTE_SINGLE':
      decodeFlow(text, start + 1, Math.max(start + 1, end - 1), acc, 'single');
      break;
    case 'QUOTE_DOUBLE':
      decodeFlow(text, start + 1, Math.max(start + 1, end - 1), acc, 'double');
      break;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      decodeBlock(text, start, end, acc, style === 'BLOCK_FOLDED');
      break;
  }
  if (acc.chars.join('') === value) {
    const map = new Int32Array(value.length + 1);
    for (let idx = 0; idx < value.length; idx++) {
      map[idx] = acc.offsets[idx];
    }
    map[value.length] = value.length > 0 ? acc.offsets[value.length - 1] + 1 : start;
    return map;
  }
  return proportionalMap(start, end, value.length);
}

/** A map that spreads `length` characters evenly over `[start, end)`. */
export function proportionalMap(start: number, end: number, length: number): OffsetMap {
  const map = new Int32Array(length + 1);
  const span = Math.max(0, end - start);
  for (let idx = 0; idx <= length; idx++) {
    map[idx] = start + (length === 0 ? 0 : Math.min(span, Math.floor((idx * span) / length)));
  }
  return map;
}

class Builder {
  readonly chars: string[] = [];
  readonly offsets: number[] = [];

  push(chars: string | undefined, offset: number): void {
    for (const ch of chars ?? '') {
      this.chars.push(ch);
      this.offsets.push(offset);
    }
  }

  /** Removes trailing spaces and tabs that came from the source (flow folding). */
  trimTrailingBlanks(): void {
    while (this.chars.length > 0) {
      const last = this.chars[this.chars.length - 1];
      if (last !== ' ' && last !== '\t') {
        return;
      }
      this.chars.pop();
      this.offsets.pop();
    }
  }
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

/** Flow scalars: line folding, plus quote escapes for the quoted styles. */
function decodeFlow(text: string, start: number, end: number, acc: Builder, kind: 'plain' | 'single' | 'double'): void {
  let pos = start;
  while (pos < end) {
    const ch = text[pos];
    if (ch === '\r' && text[pos + 1] === '\n') {
      pos++;
      continue;
    }
    if (ch === '\n') {
      pos = foldLineBreak(text, pos, end, acc);
      continue;
    }
    if (kind === 'single' && ch === "'" && text[pos + 1] === "'") {
      acc.push("'", pos);
      pos += 2;
      continue;
    }
    if (kind === 'double' && ch === '\\') {
      pos = decodeEscape(text, pos, end, acc);
      continue;
    }
    acc.push(ch, pos);
    pos++;
  }
}

/** Folds the line break at `pos` (flow style): one space, or one newline per empty line. */
function foldLineBreak(text: string, pos: number, end: number, acc: Builder): number {
  acc.trimTrailingBlanks();
  const breakOffset = pos;
  let emptyLines = 0;
  pos++;
  for (;;) {
    while (pos < end && (text[pos] === ' ' || text[pos] === '\t')) {
      pos++;
    }
    if (pos < end && (text[pos] === '\n' || (text[pos] === '\r' && text[pos + 1] === '\n'))) {
      emptyLines++;
      pos += text[pos] === '\r' ? 2 : 1;
      continue;
    }
    break;
  }
  acc.push(emptyLines === 0 ? ' ' : '\n'.repeat(emptyLines), breakOffset);
  return pos;
}

function decodeEscape(text: string, pos: number, end: number, acc: Builder): number {
  const next = text[pos + 1];
  if (next === '\n' || (next === '\r' && text[pos + 2] === '\n')) {
    // An escaped line break joins the lines without a space.
    pos += next === '\r' ? 3 : 2;
    while (pos < end && (text[pos] === ' ' || text[pos] === '\t')) {
      pos++;
    }
    return pos;
  }
  const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
  if (hexLength > 0) {
    const code = parseInt(text.slice(pos + 2, pos + 2 + hexLength), 16);
    acc.push(Number.isNaN(code) ? '' : String.fromCodePoint(code), pos);
    return pos + 2 + hexLength;
  }
  const decoded = DOUBLE_ESCAPES[next];
  acc.push(decoded ?? next ?? '', pos);
  return pos + 2;
}

/** Block scalars: header, indentation, literal or folded lines, chomping. */
function decodeBlock(text: string, start: number, end: number, acc: Builder, folded: boolean): void {
  // Step 1: the header line (indicator, chomping, optional indentation digit and comment).
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd === -1 || headerEnd >= end) {
    return;
  }
  const header = text.slice(start + 1, headerEnd).replace(/#.*$/, '').trim();
  const chomping = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
  // Step 2: split the content into lines and find the indentation.
  const lines: { start: number; end: number }[] = [];
  let lineStart = headerEnd + 1;
  while (lineStart < end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > end) {
      lineEnd = end;
    }
    lines.push({ start: lineStart, end: lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd });
    lineStart = lineEnd + 1;
  }
  let indent = -1;
  for (const line of lines) {
    const content = text.slice(line.start, line.end);
    if (content.trim() !== '') {
      indent = content.length - content.replace(/^ +/, '').length;
      break;
    }
  }
  if (indent === -1) {
    return;
  }
  // Step 3: emit lines; remember which are empty or more indented for folding.
  let pendingBreaks: number[] = [];
  let previous: 'none' | 'normal' | 'more' = 'none';
  for (const line of lines) {
    const isEmpty = text.slice(line.start, line.end).trim() === '' && line.end - line.start <= indent;
    if (isEmpty || line.end - line.start <= indent) {
      pendingBreaks.push(line.end);
      continue;
    }
    const contentStart = line.start + indent;
    const kind = text[contentStart] === ' ' || text[contentStart] === '\t' ? 'more' : 'normal';
    if (previous !== 'none') {
      // The break ending the previous content line, then one per empty line.
      const breaks = pendingBreaks;
      if (folded && previous === 'normal' && kind === 'normal') {
        acc.push(breaks.length === 1 ? ' ' : '\n'.repeat(breaks.length - 1), breaks[0]);
      } else {
        for (const offset of breaks) {
          acc.push('\n', offset);
        }
      }
    } else {
      for (const offset of pendingBreaks) {
        acc.push('\n', offset);
      }
    }
    pendingBreaks = [];
    for (let pos = contentStart; pos < line.end; pos++) {
      acc.push(text[pos], pos);
    }
    pendingBreaks.push(line.end);
    previous = kind;
  }
  // Step 4: chomping of the final line break and trailing empty lines.
  if (previous === 'none') {
    return;
  }
  if (chomping === 'clip') {
    acc.push('\n', pendingBreaks[0]);
  } else if (chomping === 'keep') {
    for (const offset of pendingBreaks) {
      acc.push('\n', offset);
    }
  }
}

/** The value of a block scalar written at `text[start, end)` (header included). */
export function decodeBlockValue(text: string, start: number, end: number, folded: boolean): string {
  const acc = new Builder();
  decodeBlock(text, start, end, acc, folded);
  return acc.chars.join('');
}
