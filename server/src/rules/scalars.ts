/**
 * Maps each character of a decoded YAML scalar back to its offset in the file, for plain,
 * single-quoted, double-quoted and block (`|`, `>`) scalars. The `yaml` package gives the
 * decoded value and the scalar's source range; this module re-decodes the source to learn
 * where every character came from. When the re-decoding disagrees with the value (exotic
 * escapes, explicit indentation indicators), it falls back to a proportional map so that
 * positions stay inside the scalar. It does not decide what a scalar means.
 */
import { simpleBlockValue } from './blockScalars';

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
  // A decoded value is never longer than its source, so one allocation is enough.
  const acc = new Builder(text, true, end - start + 1);
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
  if (acc.length === value.length && acc.value() === value) {
    const map = acc.offsetMap();
    map[value.length] = value.length > 0 ? map[value.length - 1] + 1 : start;
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

/**
 * The decoded text as pieces of source text and generated text, and (when tracking) the
 * source offset of every UTF-16 unit: a run of source text maps to itself, generated text
 * (folded breaks, escapes) to one offset.
 */
class Builder {
  private readonly m_parts: string[] = [];
  private m_offsets: Int32Array;
  length = 0;

  constructor(
    private readonly m_text: string,
    private readonly m_track: boolean,
    capacity = 64,
  ) {
    this.m_offsets = new Int32Array(m_track ? capacity : 0);
  }

  /** Appends `text[start, end)`, each unit mapping to itself. */
  run(start: number, end: number): void {
    if (end <= start) {
      return;
    }
    this.m_parts.push(this.m_text.slice(start, end));
    if (this.m_track) {
      this.reserve(end - start);
      for (let pos = start; pos < end; pos++) {
        this.m_offsets[this.length++] = pos;
      }
    } else {
      this.length += end - start;
    }
  }

  /** Appends generated text, every unit mapping to `offset`. */
  gen(chars: string, offset: number): void {
    if (chars === '') {
      return;
    }
    this.m_parts.push(chars);
    if (this.m_track) {
      this.reserve(chars.length);
      this.m_offsets.fill(offset, this.length, this.length + chars.length);
    }
    this.length += chars.length;
  }

  /** Removes trailing spaces and tabs that came from the source (flow folding). */
  trimTrailingBlanks(): void {
    while (this.m_parts.length > 0) {
      const last = this.m_parts[this.m_parts.length - 1];
      let cut = last.length;
      while (cut > 0 && (last[cut - 1] === ' ' || last[cut - 1] === '\t')) {
        cut--;
      }
      this.length -= last.length - cut;
      if (cut > 0) {
        if (cut < last.length) {
          this.m_parts[this.m_parts.length - 1] = last.slice(0, cut);
        }
        return;
      }
      this.m_parts.pop();
    }
  }

  value(): string {
    return this.m_parts.join('');
  }

  /** The offsets, with room for one more entry (the end). */
  offsetMap(): Int32Array {
    if (this.m_offsets.length > this.length) {
      return this.m_offsets.subarray(0, this.length + 1);
    }
    const map = new Int32Array(this.length + 1);
    map.set(this.m_offsets.subarray(0, this.length));
    return map;
  }

  private reserve(more: number): void {
    if (this.length + more > this.m_offsets.length) {
      const grown = new Int32Array(Math.max(this.m_offsets.length * 2, this.length + more));
      grown.set(this.m_offsets.subarray(0, this.length));
      this.m_offsets = grown;
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
  // Ordinary characters are appended as runs of source text.
  let runStart = pos;
  while (pos < end) {
    const ch = text[pos];
    if (ch === '\r' && text[pos + 1] === '\n') {
      acc.run(runStart, pos);
      pos++;
      runStart = pos;
      continue;
    }
    if (ch === '\n') {
      acc.run(runStart, pos);
      pos = foldLineBreak(text, pos, end, acc);
      runStart = pos;
      continue;
    }
    if (kind === 'single' && ch === "'" && text[pos + 1] === "'") {
      acc.run(runStart, pos + 1);
      pos += 2;
      runStart = pos;
      continue;
    }
    if (kind === 'double' && ch === '\\') {
      acc.run(runStart, pos);
      pos = decodeEscape(text, pos, end, acc);
      runStart = pos;
      continue;
    }
    pos++;
  }
  acc.run(runStart, pos);
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
  acc.gen(emptyLines === 0 ? ' ' : '\n'.repeat(emptyLines), breakOffset);
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
    acc.gen(Number.isNaN(code) ? '' : String.fromCodePoint(code), pos);
    return pos + 2 + hexLength;
  }
  const decoded = DOUBLE_ESCAPES[next];
  acc.gen(decoded ?? next ?? '', pos);
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
  // Step 2: the indentation, from the first line that is not blank.
  let indent = -1;
  for (let lineStart = headerEnd + 1; lineStart < end; ) {
    const lineEnd = blockLineEnd(text, lineStart, end);
    const content = text.slice(lineStart, contentEnd(text, lineStart, lineEnd));
    if (content.trim() !== '') {
      let spaces = 0;
      while (content.charCodeAt(spaces) === 32) {
        spaces++;
      }
      indent = spaces;
      break;
    }
    lineStart = lineEnd + 1;
  }
  if (indent === -1) {
    return;
  }
  // Step 3: emit lines; remember which are empty or more indented for folding.
  const pendingBreaks: number[] = [];
  let previous: 'none' | 'normal' | 'more' = 'none';
  for (let lineStart = headerEnd + 1; lineStart < end; ) {
    const lineEnd = blockLineEnd(text, lineStart, end);
    const lineContentEnd = contentEnd(text, lineStart, lineEnd);
    const next = lineEnd + 1;
    if (lineContentEnd - lineStart <= indent) {
      // Empty (or only indentation): a pending break.
      pendingBreaks.push(lineContentEnd);
      lineStart = next;
      continue;
    }
    const contentStart = lineStart + indent;
    const kind = text[contentStart] === ' ' || text[contentStart] === '\t' ? 'more' : 'normal';
    if (previous !== 'none' && folded && previous === 'normal' && kind === 'normal') {
      // The break ending the previous content line folds to a space, or to one newline per empty line.
      acc.gen(pendingBreaks.length === 1 ? ' ' : '\n'.repeat(pendingBreaks.length - 1), pendingBreaks[0]);
    } else {
      for (const offset of pendingBreaks) {
        acc.gen('\n', offset);
      }
    }
    pendingBreaks.length = 0;
    acc.run(contentStart, lineContentEnd);
    pendingBreaks.push(lineContentEnd);
    previous = kind;
    lineStart = next;
  }
  // Step 4: chomping of the final line break and trailing empty lines.
  if (previous === 'none') {
    return;
  }
  if (chomping === 'clip') {
    acc.gen('\n', pendingBreaks[0]);
  } else if (chomping === 'keep') {
    for (const offset of pendingBreaks) {
      acc.gen('\n', offset);
    }
  }
}

/** The end of the block line starting at `lineStart` (its `\n`, or `end`). */
function blockLineEnd(text: string, lineStart: number, end: number): number {
  const lineEnd = text.indexOf('\n', lineStart);
  return lineEnd === -1 || lineEnd > end ? end : lineEnd;
}

/** The line's end without a trailing CR. */
function contentEnd(text: string, lineStart: number, lineEnd: number): number {
  return lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
}

/** The value of a block scalar written at `text[start, end)` (header included). */
export function decodeBlockValue(text: string, start: number, end: number, folded: boolean): string {
  const simple = simpleBlockValue(text, start, end, folded);
  if (simple !== undefined) {
    return simple;
  }
  const acc = new Builder(text, false);
  decodeBlock(text, start, end, acc, folded);
  return acc.value();
}
