/**
 * Incremental reading for the editor: a rules file is usually one YAML sequence whose items
 * each start with `- ` at column 0. Such a file is cut into one chunk per item, each read on
 * its own and cached by its text, so an edit re-reads only the item it touches. Each chunk's records are
 * relative to its own anchor (anchors.ts): a chunk that only moved keeps its records and
 * every cache keyed on them; its anchor is moved instead. Whenever the cut could change the
 * meaning (documents, directives, a top-level line that is not an item, any YAML error in
 * a chunk, such as an alias to another item's anchor), the whole file is read at once by
 * `readRulesFile`, which stays the reference behaviour.
 */
import { dropAnchor, newAnchor, placeAnchor } from './anchors';
import { MAX_RULES_FILE_CHARS, readRulesFile, type ReadEvent } from './reader';

interface ChunkEntry {
  /** Events read from the chunk alone, relative to `anchor`. */
  events: ReadEvent[];
  anchor: number;
}

const MAX_CACHED_CHUNKS = 20000;
/**
 * Chunk text → (`file\0ordinal` → entry). Keyed by the chunk text itself, not a string built
 * from it, so a lookup hashes the freshly sliced text once (for `seen` and here) instead of
 * also building and hashing a second string of the same size.
 */
const chunkCache = new Map<string, Map<string, ChunkEntry>>();
let cachedChunks = 0;
const wholeCache = new Map<string, ChunkEntry>();

/**
 * Same result as `readRulesFile` for file `file` (load-order index), computed per
 * top-level item when that is safe. Spans are relative to anchors placed in `file`.
 */
export function readRulesFileChunked(text: string, file: number): ReadEvent[] {
  const chunks = text.length > MAX_RULES_FILE_CHARS ? undefined : splitItems(text);
  if (chunks === undefined) {
    return readWhole(text, file);
  }
  const events: ReadEvent[] = [];
  const seen = new Map<string, number>();
  for (const chunk of chunks) {
    // Identical items in one file each get their own entry (and anchor).
    const ordinal = seen.get(chunk.text) ?? 0;
    seen.set(chunk.text, ordinal + 1);
    const entry = chunkEntry(`${file}\0${ordinal}`, chunk.text);
    if (entry === undefined) {
      return readWhole(text, file);
    }
    placeAnchor(entry.anchor, file, chunk.start);
    for (const event of entry.events) {
      events.push(event);
    }
  }
  return events;
}

/** Forgets every cached chunk and its anchor (only when no earlier load's records are used again). */
export function clearChunkCache(): void {
  for (const entry of [...[...chunkCache.values()].flatMap((byPlace) => [...byPlace.values()]), ...wholeCache.values()]) {
    dropAnchor(entry.anchor);
  }
  chunkCache.clear();
  cachedChunks = 0;
  wholeCache.clear();
}

function readWhole(text: string, file: number): ReadEvent[] {
  const key = `${file}\0${text}`;
  let entry = wholeCache.get(key);
  if (entry === undefined) {
    if (wholeCache.size >= 64) {
      // Anchors stay: records of this load (other files) may still name them.
      wholeCache.clear();
    }
    const anchor = newAnchor(file, 0, text);
    entry = { events: readRulesFile(text, anchor), anchor };
    wholeCache.set(key, entry);
  }
  return entry.events;
}

function chunkEntry(place: string, chunkText: string): ChunkEntry | undefined {
  let entry = chunkCache.get(chunkText)?.get(place);
  if (entry === undefined) {
    const anchor = newAnchor(0, 0, chunkText);
    // An alias may point into another item: such files are read whole.
    const info = { hasAliases: false };
    const events = readRulesFile(chunkText, anchor, info);
    if (info.hasAliases || events.some((event) => event.kind === 'problem' && event.problem.code === 'LOAD_ERR_YAML_PARSE')) {
      dropAnchor(anchor);
      return undefined;
    }
    if (cachedChunks >= MAX_CACHED_CHUNKS) {
      // Anchors stay: records of this load may still name them. FIXME: anchors of evicted
      // chunks are never freed (one small record and its chunk text per edited item version).
      chunkCache.clear();
      cachedChunks = 0;
    }
    entry = { events, anchor };
    let byPlace = chunkCache.get(chunkText);
    if (byPlace === undefined) {
      byPlace = new Map();
      chunkCache.set(chunkText, byPlace);
    }
    byPlace.set(place, entry);
    cachedChunks++;
  }
  return entry;
}

/** The item chunks of a plain one-sequence file, or undefined when it is not one (exported for tests). */
export function splitItems(text: string): { start: number; text: string }[] | undefined {
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
