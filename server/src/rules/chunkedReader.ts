/**
 * Incremental reading for the editor: a rules file is usually one YAML sequence whose items
 * each start with `- ` at column 0. Such a file is cut into one chunk per item, each read on
 * its own and cached by its text, so an edit re-reads only the item it touches; events of
 * chunks that moved are copied with shifted spans. Whenever the cut could change the
 * meaning (documents, directives, a top-level line that is not an item, any YAML error in
 * a chunk, such as an alias to another item's anchor), the whole file is read at once by
 * `readRulesFile`, which stays the reference behaviour.
 */
import { MAX_RULES_FILE_CHARS, readRulesFile, type ReadEvent } from './reader';

interface ChunkEntry {
  /** Events read from the chunk alone (file 0, offsets from the chunk's start). */
  relative: ReadEvent[];
  /** The same events placed at `start` in `file`, kept while the chunk stays there. */
  placed?: { file: number; start: number; events: ReadEvent[] };
}

const MAX_CACHED_CHUNKS = 50000;
const ANCHOR_OR_ALIAS = /(^|[\s[,{:-])[&*][^\s\]},]/m;
const chunkCache = new Map<string, ChunkEntry>();

/** Same result as `readRulesFile`, computed per top-level item when that is safe. */
export function readRulesFileChunked(text: string, file: number): ReadEvent[] {
  // Anchors and aliases may cross items: read such files whole.
  const chunks = text.length > MAX_RULES_FILE_CHARS || ANCHOR_OR_ALIAS.test(text) ? undefined : splitItems(text);
  if (chunks === undefined) {
    return readRulesFile(text, file);
  }
  const events: ReadEvent[] = [];
  for (const chunk of chunks) {
    const entry = chunkEntry(chunk.text);
    if (entry === undefined) {
      return readRulesFile(text, file);
    }
    if (entry.placed === undefined || entry.placed.file !== file || entry.placed.start !== chunk.start) {
      entry.placed = { file, start: chunk.start, events: rebase(entry.relative, chunk.start, file) as ReadEvent[] };
    }
    for (const event of entry.placed.events) {
      events.push(event);
    }
  }
  return events;
}

/** Forgets every cached chunk. */
export function clearChunkCache(): void {
  chunkCache.clear();
}

function chunkEntry(chunkText: string): ChunkEntry | undefined {
  let entry = chunkCache.get(chunkText);
  if (entry === undefined) {
    const relative = readRulesFile(chunkText, 0);
    if (relative.some((event) => event.kind === 'problem' && event.problem.code === 'LOAD_ERR_YAML_PARSE')) {
      return undefined;
    }
    if (chunkCache.size >= MAX_CACHED_CHUNKS) {
      chunkCache.clear();
    }
    entry = { relative };
    chunkCache.set(chunkText, entry);
  }
  return entry;
}

/** The item chunks of a plain one-sequence file, or undefined when it is not one. */
function splitItems(text: string): { start: number; text: string }[] | undefined {
  const starts: number[] = [];
  let sawItem = false;
  for (let lineStart = 0; lineStart < text.length; ) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) {
      lineEnd = text.length;
    }
    const first = text[lineStart];
    if (first === '-' && (text[lineStart + 1] === ' ' || lineStart + 1 === lineEnd || text[lineStart + 1] === '\r')) {
      starts.push(lineStart);
      sawItem = true;
    } else if (first !== ' ' && first !== '\t' && first !== '#' && first !== '\n' && first !== '\r') {
      // Documents, directives, flow or mapping content at the top level: read whole.
      return undefined;
    }
    lineStart = lineEnd + 1;
  }
  if (!sawItem) {
    return undefined;
  }
  const chunks = [{ start: 0, text: text.slice(0, starts[0]) }];
  starts.forEach((start, idx) => {
    chunks.push({ start, text: text.slice(start, starts[idx + 1] ?? text.length) });
  });
  return chunks.filter((chunk) => chunk.text !== '');
}

/** A deep copy of plain event data with every span shifted by `delta` into `file`. */
function rebase(value: unknown, delta: number, file: number): unknown {
  if (Array.isArray(value)) {
    return value.map((element: unknown) => rebase(element, delta, file));
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.file === 'number' && typeof record.start === 'number' && typeof record.end === 'number' && Object.keys(record).length === 3) {
      return { file, start: record.start + delta, end: record.end + delta };
    }
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      copy[key] = rebase(record[key], delta, file);
    }
    return copy;
  }
  return value;
}
