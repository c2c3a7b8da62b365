/**
 * Cutting a rules file into item chunks, in full or only around an edit. A plain rules file
 * is one YAML sequence whose items each start with `- ` at column 0; its chunks are the text
 * before the first item (comments, blank lines) and one chunk per item. Given the chunks of
 * the previous text of the same file, `diffChunks` keeps the chunks the edit did not touch
 * (those before it at their offsets, those after it moved by the length change) and cuts
 * only the text between them, so an edit costs a comparison of the unchanged text, not a
 * scan of every line. The result is always the chunks `splitItems` gives for the new text.
 * It reads no YAML and caches nothing.
 */

/** One chunk: its text and where it starts in the file. */
export interface TextChunk {
  start: number;
  text: string;
}

/** The new text's chunks in terms of the old ones. */
export interface ChunkDiff<T extends TextChunk = TextChunk> {
  /** Old chunks `[0, keepBefore)` are unchanged, at the same offsets. */
  keepBefore: number;
  /** Old chunks `[keepAfter, old.length)` are unchanged, each moved by `shift`. */
  keepAfter: number;
  shift: number;
  /** The new chunks between the kept ones. */
  middle: T[];
}

function textChunk(start: number, text: string): TextChunk {
  return { start, text };
}

/** The item chunks of a plain one-sequence file, or undefined when it is not one. */
export function splitItems(text: string): TextChunk[] | undefined {
  const middle: TextChunk[] = [];
  const items = splitRegion(text, 0, text.length, middle, textChunk);
  return items === undefined || items === 0 ? undefined : middle;
}

/**
 * The chunks of `text` as a change of `oldChunks` (the chunks of `oldText`), or undefined
 * when `text` is not a one-sequence file. With no old chunks the middle is the full cut.
 * New chunks are made by `make` (the caller's own chunk records).
 */
export function diffChunks<T extends TextChunk>(oldText: string, oldChunks: readonly T[], text: string, make: (start: number, text: string) => T): ChunkDiff<T> | undefined {
  // Chunks before the edit: same text at the same offset, ending with a line break (the
  // last line of a file may go on in the new text).
  let keepBefore = 0;
  while (keepBefore < oldChunks.length) {
    const chunk = oldChunks[keepBefore];
    if (chunk.text.charCodeAt(chunk.text.length - 1) !== NEWLINE || !sameAt(text, chunk.start, chunk.text)) {
      break;
    }
    keepBefore++;
  }
  let from = keepBefore === 0 ? 0 : oldChunks[keepBefore - 1].start + oldChunks[keepBefore - 1].text.length;
  // Chunks after the edit: item chunks with the same text, moved by the length change,
  // starting on a line of their own and not overlapping the chunks kept before.
  const shift = text.length - oldText.length;
  let keepAfter = oldChunks.length;
  let to = text.length;
  while (keepAfter > keepBefore) {
    const chunk = oldChunks[keepAfter - 1];
    const start = chunk.start + shift;
    if (start < from || chunk.text.charCodeAt(0) !== DASH || (start > 0 && text.charCodeAt(start - 1) !== NEWLINE) || !sameAt(text, start, chunk.text)) {
      break;
    }
    keepAfter--;
    to = start;
  }
  // A line that does not start an item belongs to the chunk before it: give that chunk back
  // to the region to cut.
  while (from > 0 && from < to && !isItemLine(text, from)) {
    keepBefore--;
    from = oldChunks[keepBefore].start;
  }
  const middle: T[] = [];
  const items = splitRegion(text, from, to, middle, make);
  if (items === undefined) {
    return undefined;
  }
  // A file needs at least one item (kept chunks after the edit all are items).
  const keptItems = keepAfter < oldChunks.length || (keepBefore > 0 && (keepBefore > 1 || oldChunks[0].text.charCodeAt(0) === DASH));
  if (items === 0 && !keptItems) {
    return undefined;
  }
  return { keepBefore, keepAfter, shift, middle };
}

const NEWLINE = 10;
const RETURN = 13;
const DASH = 45;
const SPACE = 32;
const TAB = 9;
const HASH = 35;

/**
 * Whether `text` holds `part` at `offset`. A slice compared with `===` is compared as flat
 * memory; `startsWith` with a position compares character by character, and much slower
 * still on the concatenated text an edit produces (~8 us against 60-300 us for a 64 KB file).
 */
function sameAt(text: string, offset: number, part: string): boolean {
  return text.slice(offset, offset + part.length) === part;
}

/** Whether the line at `lineStart` starts a sequence item (`-` then a space or the line's end). */
function isItemLine(text: string, lineStart: number): boolean {
  if (text.charCodeAt(lineStart) !== DASH) {
    return false;
  }
  const next = lineStart + 1;
  if (next >= text.length) {
    return true;
  }
  const code = text.charCodeAt(next);
  return code === SPACE || code === NEWLINE || code === RETURN;
}

/**
 * Cuts `[from, to)` (both at line starts; `from` starts an item unless it is 0) into chunks
 * appended to `out`. Returns the number of item chunks, or undefined when a top-level line
 * is neither an item, an indented line, a comment nor blank (documents, directives, flow or
 * mapping content: the file is read whole).
 */
function splitRegion<T>(text: string, from: number, to: number, out: T[], make: (start: number, text: string) => T): number | undefined {
  let items = 0;
  let chunkStart = from;
  for (let lineStart = from; lineStart < to; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > to) {
      lineEnd = to;
    }
    const first = text.charCodeAt(lineStart);
    if (isItemLine(text, lineStart)) {
      if (lineStart > chunkStart) {
        out.push(make(chunkStart, text.slice(chunkStart, lineStart)));
      }
      chunkStart = lineStart;
      items++;
    } else if (first !== SPACE && first !== TAB && first !== HASH && first !== NEWLINE && first !== RETURN) {
      return undefined;
    }
    lineStart = lineEnd + 1;
  }
  if (to > chunkStart) {
    out.push(make(chunkStart, text.slice(chunkStart, to)));
  }
  return items;
}
