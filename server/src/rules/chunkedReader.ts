/**
 * Incremental reading for the editor: a rules file is usually one YAML sequence whose items
 * each start with `- ` at column 0. Such a file is cut into one chunk per item
 * (chunkSplit.ts), each read on its own and cached by its text, so an edit re-reads only the
 * item it touches. Each chunk's records are relative to its own anchor (anchors.ts): a chunk
 * that only moved keeps its records and every cache keyed on them; its anchor is moved
 * instead. The chunks of each file's last text are remembered, so the next text of that file
 * is cut only around the region that differs and the other chunks are reused without being
 * looked up again. Whenever the cut could change the meaning (documents, directives, a
 * top-level line that is not an item, any YAML error in a chunk, such as an alias to another
 * item's anchor), the whole file is read at once by `readRulesFile`, which stays the
 * reference behaviour.
 */
import { addAnchor, dropAllAnchors, dropAnchor, type Anchor } from './anchors';
import { diffChunks, splitItems, type TextChunk } from './chunkSplit';
import { MAX_RULES_FILE_CHARS, readRulesFile, type ReadEvent } from './reader';

export { splitItems };

/**
 * A read chunk, which is also its own anchor (registered under the id `anchor`): `text`
 * is the chunk's text, `base` where it is placed in `file`, the file (load-order index) it
 * is read for (only that file reuses it).
 */
interface ChunkEntry extends Anchor {
  /** Events read from the chunk alone, relative to `anchor`. */
  events: ReadEvent[];
  anchor: number;
  /**
   * True while a chunk of the file's last text uses the entry: identical items of one file
   * each need their own entry (and anchor).
   */
  used: boolean;
  /** True when the anchor's text is a copy of its own, not a slice of a file text. */
  detached: boolean;
  /** The cache generation the entry was put in (-1: not cached). */
  cachedIn: number;
  /** The next cached entry with the same text (an identical item, or another file's). */
  next: ChunkEntry | undefined;
}

/** A chunk of a file's last text; `entry` is undefined until it is read (or when it cannot be read alone). */
interface FileChunk extends TextChunk {
  entry: ChunkEntry | undefined;
}

/** What the last read of a file (by load-order index) left. */
interface FileState {
  text: string;
  chunks: FileChunk[];
  /** The events read (undefined when the text was read whole): the kept chunks' events are copied from it. */
  events: ReadEvent[] | undefined;
}

const MAX_CACHED_CHUNKS = 20000;
/**
 * Chunk text → the cached entries read from that text (linked by `next`). Only entries no
 * file uses any more are put here: those an edit replaced, and those of a file whose chunks
 * were forgotten. A cold read therefore neither looks up nor hashes its chunk texts (hashing
 * every chunk twice was ~0.8 ms of a cold load of the official files); an edit looks up its
 * few new chunks, so a text typed back (an undo) gets its old entry again.
 */
const chunkCache = new Map<string, ChunkEntry>();
let cachedChunks = 0;
/** Bumped when the cache is emptied, so entries know they are no longer in it. */
let cacheGeneration = 0;
const wholeCache = new Map<string, ChunkEntry>();
const fileStates = new Map<number, FileState>();

/** How reads went (tests check that edits are read incrementally). */
export const chunkReadStats = { reads: 0, chunksKept: 0, chunksCut: 0, whole: 0 };

/**
 * Same result as `readRulesFile` for file `file` (load-order index), computed per
 * top-level item when that is safe. Spans are relative to anchors placed in `file`.
 */
export function readRulesFileChunked(text: string, file: number): ReadEvent[] {
  chunkReadStats.reads++;
  const previous = fileStates.get(file);
  const diff = text.length > MAX_RULES_FILE_CHARS ? undefined : diffChunks(previous?.text ?? '', previous?.chunks ?? [], text, fileChunk);
  if (diff === undefined) {
    forgetFileChunks(file);
    return readWhole(text, file);
  }
  const oldChunks = previous?.chunks ?? [];
  // The replaced chunks' entries are free again (an edit may give one of their texts back).
  for (let idx = diff.keepBefore; idx < diff.keepAfter; idx++) {
    const entry = oldChunks[idx].entry;
    if (entry !== undefined) {
      entry.used = false;
      cacheEntry(entry);
    }
  }
  // The state's chunk records are its own: the kept ones after the edit are moved in place
  // and the replaced ones spliced out, so a keystroke allocates records for the new chunks only.
  for (let idx = diff.keepAfter; idx < oldChunks.length; idx++) {
    oldChunks[idx].start += diff.shift;
  }
  const middle = diff.middle;
  let chunks = middle;
  if (oldChunks.length > 0) {
    chunks = oldChunks;
    chunks.splice(diff.keepBefore, diff.keepAfter - diff.keepBefore, ...middle);
  }
  chunkReadStats.chunksKept += chunks.length - middle.length;
  chunkReadStats.chunksCut += middle.length;
  const state: FileState = { text, chunks, events: undefined };
  fileStates.set(file, state);
  // The events of the chunks kept before the edit, copied at once from the last result.
  let events: ReadEvent[] = [];
  let first = 0;
  if (previous?.events !== undefined) {
    let count = 0;
    for (let idx = 0; idx < diff.keepBefore; idx++) {
      count += chunks[idx].entry?.events.length ?? 0;
    }
    events = previous.events.slice(0, count);
    first = diff.keepBefore;
  }
  let readable = true;
  for (let idx = first; idx < chunks.length; idx++) {
    const chunk = chunks[idx];
    let entry = chunk.entry;
    if (entry === undefined) {
      // After a chunk that cannot be read alone, the rest wait for a read that needs them.
      entry = readable ? chunkEntry(file, chunk.text, previous !== undefined) : undefined;
      if (entry === undefined) {
        readable = false;
        continue;
      }
      chunk.entry = entry;
      if (entry.detached) {
        // The chunk record keeps the entry's own text, not a slice of this file version.
        chunk.text = entry.text;
      }
      entry.used = true;
    } else if (idx < diff.keepBefore) {
      // Kept before the edit: its anchor is where the last read of this file placed it.
      pushAll(events, entry.events);
      continue;
    }
    // Every chunk with an entry is placed, even in a read that ends up whole, so the next
    // read can trust the anchors of the chunks it keeps.
    entry.base = chunk.start;
    pushAll(events, entry.events);
  }
  if (readable) {
    state.events = events;
  }
  return readable ? events : readWhole(text, file);
}

function fileChunk(start: number, text: string): FileChunk {
  return { start, text, entry: undefined };
}

/** Forgets the last text of `file`: its next read is cut in full (its chunks stay cached). */
export function forgetFileChunks(file: number): void {
  const state = fileStates.get(file);
  if (state === undefined) {
    return;
  }
  fileStates.delete(file);
  for (const chunk of state.chunks) {
    if (chunk.entry !== undefined) {
      chunk.entry.used = false;
      cacheEntry(chunk.entry);
    }
  }
}

/** The chunks of the last text read for `file` (for tests). */
export function fileChunks(file: number): TextChunk[] {
  return (fileStates.get(file)?.chunks ?? []).map((chunk) => ({ start: chunk.start, text: chunk.text }));
}

/**
 * Forgets every cached chunk and every anchor (only when no earlier load's records are used
 * again). Every anchor is a chunk's or a whole file's, so they all go at once (also those of
 * chunks evicted from the cache).
 */
export function clearChunkCache(): void {
  dropAllAnchors();
  chunkCache.clear();
  cachedChunks = 0;
  cacheGeneration++;
  wholeCache.clear();
  fileStates.clear();
}

function pushAll(events: ReadEvent[], more: readonly ReadEvent[]): void {
  for (let idx = 0; idx < more.length; idx++) {
    events.push(more[idx]);
  }
}

function readWhole(text: string, file: number): ReadEvent[] {
  chunkReadStats.whole++;
  const key = `${file}\0${text}`;
  let entry = wholeCache.get(key);
  if (entry === undefined) {
    if (wholeCache.size >= 64) {
      // Anchors stay: records of this load (other files) may still name them.
      wholeCache.clear();
    }
    entry = newEntry(file, text, false);
    entry.events = readRulesFile(text, entry.anchor);
    wholeCache.set(key, entry);
  }
  return entry.events;
}

/**
 * A cached or new entry for a chunk of `file` that no other chunk of the file uses. A new
 * entry read in an edit (`detach`) keeps a copy of its text: the cache outlives the file
 * version it was cut from. A full cut keeps slices of its one text (copied only when cached).
 */
function chunkEntry(file: number, chunkText: string, detach: boolean): ChunkEntry | undefined {
  if (cachedChunks > 0) {
    for (let entry = chunkCache.get(chunkText); entry !== undefined; entry = entry.next) {
      if (entry.file === file && !entry.used) {
        return entry;
      }
    }
  }
  const ownText = detach ? detachedCopy(chunkText) : chunkText;
  const entry = newEntry(file, ownText, detach);
  // An alias may point into another item: such files are read whole.
  const info = { hasAliases: false };
  const events = readRulesFile(ownText, entry.anchor, info);
  if (info.hasAliases || hasYamlError(events)) {
    dropAnchor(entry.anchor);
    return undefined;
  }
  // The reader gives most items a one-event array literal; a longer array grown by `push`
  // has spare slots (16 at least): the cache keeps an exactly sized copy.
  entry.events = events.length > 1 ? events.slice() : events;
  return entry;
}

/** A new entry for `text`, registered as an anchor in `file` (its events are read next). */
function newEntry(file: number, text: string, detached: boolean): ChunkEntry {
  const entry: ChunkEntry = { file, base: 0, text, events: NO_EVENTS, anchor: 0, used: false, detached, cachedIn: -1, next: undefined };
  entry.anchor = addAnchor(entry);
  return entry;
}

const NO_EVENTS: ReadEvent[] = [];

function hasYamlError(events: readonly ReadEvent[]): boolean {
  for (const event of events) {
    if (event.kind === 'problem' && event.problem.code === 'LOAD_ERR_YAML_PARSE') {
      return true;
    }
  }
  return false;
}

/** Puts an entry no file uses any more in the cache, under its own copy of its text. */
function cacheEntry(entry: ChunkEntry): void {
  if (entry.cachedIn === cacheGeneration) {
    return;
  }
  if (cachedChunks >= MAX_CACHED_CHUNKS) {
    // Anchors stay: records of this load may still name them. FIXME: anchors of evicted
    // chunks are never freed (one small record and its chunk text per edited item version).
    chunkCache.clear();
    cachedChunks = 0;
    cacheGeneration++;
  }
  if (!entry.detached) {
    entry.text = detachedCopy(entry.text);
    entry.detached = true;
  }
  entry.next = chunkCache.get(entry.text);
  chunkCache.set(entry.text, entry);
  entry.cachedIn = cacheGeneration;
  cachedChunks++;
}

/**
 * A copy of `text` that does not keep the string it was sliced from alive. A slice of a file's
 * text refers to the whole text, so a cached chunk would otherwise hold every past version of
 * its file (64 KB per keystroke on falco_rules.yaml). Concatenating makes V8 copy the chunk into
 * a string of its own; the slice then refers only to that copy.
 */
function detachedCopy(text: string): string {
  return `${text}\n`.slice(0, -1);
}
