/**
 * The value of the usual block scalar (`|`, `>`) of rules files, decoded without the general
 * decoder's piece per line (scalars.ts): clip or strip chomping, no empty line, no line indented
 * less than the first. Anything else is left to the general decoder (undefined). It maps no
 * offsets; scalars.ts does.
 */

/**
 * The value of the usual block scalar without the general decoder's piece per line: clip or
 * strip chomping, no empty line, no line indented less than the first. Its value is then its
 * lines without that indentation, joined by a line break (literal; one replacement) or, when
 * folded, by a space between two lines that are not more indented (else a line break), plus
 * the final break when clipped. Undefined for any other block scalar.
 */
export function simpleBlockValue(text: string, start: number, end: number, folded: boolean): string | undefined {
  const headerEnd = text.indexOf('\n', start);
  if (headerEnd === -1 || headerEnd >= end) {
    return undefined;
  }
  let strip = false;
  for (let idx = start + 1; idx < headerEnd; idx++) {
    const code = text.charCodeAt(idx);
    if (code === HYPHEN && !strip) {
      strip = true;
    } else if (code !== SPACE_CODE) {
      // Keep chomping, an indentation digit, a comment: the general decoder.
      return undefined;
    }
  }
  const first = headerEnd + 1;
  let indent = 0;
  while (text.charCodeAt(first + indent) === SPACE_CODE) {
    indent++;
  }
  let lastEnd = -1;
  let moreIndented = false;
  for (let lineStart = first; lineStart < end; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > end) {
      lineEnd = end;
    }
    // Each line: exactly `indent` spaces, then content that is not a blank (nor a CR or tab).
    for (let idx = lineStart; idx < lineStart + indent; idx++) {
      if (text.charCodeAt(idx) !== SPACE_CODE) {
        return undefined;
      }
    }
    const firstContent = text.charCodeAt(lineStart + indent);
    if (indent === 0 || lineStart + indent >= lineEnd || firstContent === TAB_CODE || text.charCodeAt(lineEnd - 1) === RETURN_CODE) {
      return undefined;
    }
    moreIndented ||= firstContent === SPACE_CODE;
    lastEnd = lineEnd;
    lineStart = lineEnd + 1;
  }
  if (lastEnd === -1) {
    return undefined;
  }
  const joined = folded && moreIndented ? foldedLines(text, first, lastEnd, indent) : text.slice(first + indent, lastEnd).replaceAll(`\n${' '.repeat(indent)}`, folded ? ' ' : '\n');
  return strip ? joined : `${joined}\n`;
}

/** Folded lines `[first, lastEnd)` (checked by `simpleBlockValue`), some more indented than `indent`. */
function foldedLines(text: string, first: number, lastEnd: number, indent: number): string {
  let value = '';
  let previousNormal = false;
  for (let lineStart = first; lineStart < lastEnd; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > lastEnd) {
      lineEnd = lastEnd;
    }
    const normal = text.charCodeAt(lineStart + indent) !== SPACE_CODE;
    const content = text.slice(lineStart + indent, lineEnd);
    value = lineStart === first ? content : value + (previousNormal && normal ? ' ' : '\n') + content;
    previousNormal = normal;
    lineStart = lineEnd + 1;
  }
  return value;
}

const SPACE_CODE = 32;
const TAB_CODE = 9;
const RETURN_CODE = 13;
const HYPHEN = 45;
