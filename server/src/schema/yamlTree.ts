/**
 * Reads a rules file's YAML documents into the plain tree Falco's schema check sees. Falco
 * hands yaml-cpp nodes straight to valijson (no conversion to JSON values), so a scalar
 * stays its source text (`yes`, `0700`, `1.10` are just text), a plain `~`/`null`/empty
 * value is null, tags are ignored (`desc: != x` is the text "x"), and an alias is the node
 * it names. It parses per call, not through the loader's caches: first with the reader's fast
 * YAML path (`rules/fastYaml.ts`, the common shape of rules files, several times faster), and
 * with the `yaml` package, the reference, for anything outside it. Both give the same tree
 * (a test compares them on every fixture). It reports a YAML syntax error instead of a tree
 * (Falco's parse then fails before the schema is applied).
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { splitItems } from '../rules/chunkSplit';
import { fastParseSequence } from '../rules/fastYaml';

/** A node as the schema sees it, with its `[start, end)` offsets in the file. */
export type SchemaNode =
  | { kind: 'null'; start: number; end: number }
  | { kind: 'scalar'; text: string; start: number; end: number }
  | { kind: 'sequence'; items: SchemaNode[]; start: number; end: number }
  | { kind: 'mapping'; entries: SchemaEntry[]; start: number; end: number };

/** One key of a mapping: its text and position, and its value. */
export interface SchemaEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: SchemaNode;
}

/** The documents of a file, or why they could not be read. */
export type SchemaTree = { ok: true; documents: SchemaNode[] } | { ok: false; reason: string; offset: number };

/** Deeper nesting is not followed (the loader refuses such files too). */
const MAX_DEPTH = 1000;
/** Nodes visited at most, aliases counted each time they are followed. */
const MAX_NODES = 2_000_000;

interface Walk {
  text: string;
  /** Added to the nodes' offsets: where the text they were parsed from starts in the file. */
  base: number;
  /** The document aliases resolve in (the fast path has no aliases). */
  doc: Document.Parsed | undefined;
  nodes: number;
  tooBig: boolean;
}

/** Parses `text` into one tree per YAML document (a comments-only stream has none). */
export function readSchemaTree(text: string): SchemaTree {
  return readByItems(text) ?? readWithPackage(text);
}

/**
 * A plain one-sequence file read item by item with the fast path, as the loader reads it
 * (`splitItems`); undefined when the file is not one or an item is outside the fast subset.
 */
export function readByItems(text: string): SchemaTree | undefined {
  const chunks = splitItems(text);
  if (chunks === undefined) {
    return undefined;
  }
  const walk: Walk = { text, base: 0, doc: undefined, nodes: 0, tooBig: false };
  const items: SchemaNode[] = [];
  for (const chunk of chunks) {
    const seq = fastParseSequence(chunk.text);
    if (seq === undefined) {
      return undefined;
    }
    walk.base = chunk.start;
    for (const item of seq?.items ?? []) {
      items.push(toNode(item, walk, 1, chunk.start));
    }
  }
  if (walk.tooBig || items.length === 0) {
    return undefined;
  }
  // The sequence starts at its first item's dash, which is the first item chunk's start.
  const start = chunks.find((chunk) => chunk.text.startsWith('-'))?.start ?? items[0].start;
  return { ok: true, documents: [{ kind: 'sequence', items, start, end: items[items.length - 1].end }] };
}

/** `readSchemaTree` with the `yaml` package, for any YAML. */
export function readWithPackage(text: string): SchemaTree {
  let docs: Document.Parsed[];
  try {
    const parsed = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false, strict: false });
    docs = Array.isArray(parsed) ? (parsed as Document.Parsed[]) : [];
  } catch (err) {
    return { ok: false, reason: thrownReason(err), offset: 0 };
  }
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      return { ok: false, reason: stackReason(firstLine(error.message)), offset: error.pos[0] };
    }
  }
  const documents: SchemaNode[] = [];
  for (const doc of docs) {
    const walk: Walk = { text, base: 0, doc, nodes: 0, tooBig: false };
    const start = doc.range[0];
    try {
      documents.push(toNode(doc.contents, walk, 0, start));
    } catch (err) {
      return { ok: false, reason: thrownReason(err), offset: start };
    }
    if (walk.tooBig) {
      return { ok: false, reason: `the document is too large or too deeply nested to check (more than ${MAX_NODES} nodes or ${MAX_DEPTH} levels)`, offset: start };
    }
  }
  return { ok: true, documents };
}

/** Why the yaml package (or our walk) threw. */
function thrownReason(err: unknown): string {
  return stackReason(err instanceof Error ? err.message : String(err));
}

/** A stack overflow (thrown or turned into a document error by the yaml package) in words. */
function stackReason(message: string): string {
  return message.includes('call stack') ? 'the YAML is nested too deeply to read' : message;
}

function toNode(raw: unknown, walk: Walk, depth: number, fallback: number): SchemaNode {
  walk.nodes += 1;
  if (walk.nodes > MAX_NODES || depth > MAX_DEPTH) {
    walk.tooBig = true;
    return { kind: 'null', start: fallback, end: fallback };
  }
  if (isAlias(raw)) {
    // yaml-cpp shares the anchored node; its position is the alias's.
    const target = walk.doc === undefined ? undefined : raw.resolve(walk.doc);
    const node = toNode(target ?? null, walk, depth + 1, fallback);
    const [start, end] = raw.range ?? [fallback, fallback];
    return { ...node, start, end } as SchemaNode;
  }
  const range = (raw as { range?: [number, number, number] | null } | null)?.range;
  const start = range ? range[0] + walk.base : fallback;
  const end = range ? range[1] + walk.base : fallback;
  if (isScalar(raw)) {
    const text = raw.value === null || raw.value === undefined ? '' : String(raw.value);
    if (raw.type === 'PLAIN' && raw.tag === undefined && isNullText(text)) {
      return { kind: 'null', start, end };
    }
    return { kind: 'scalar', text, start, end };
  }
  if (isSeq(raw)) {
    const items = raw.items.map((item) => toNode(item, walk, depth + 1, start));
    return { kind: 'sequence', items, start, end: contentEnd(walk.text, start, end, items.at(-1)?.end) };
  }
  if (isMap(raw)) {
    const entries: SchemaEntry[] = [];
    for (const pair of raw.items) {
      if (!isPair(pair)) {
        continue;
      }
      const keyNode = isAlias(pair.key) && walk.doc !== undefined ? pair.key.resolve(walk.doc) : pair.key;
      const keyRange = (pair.key as { range?: [number, number, number] | null } | null)?.range;
      const keyStart = keyRange ? keyRange[0] + walk.base : start;
      const keyEnd = keyRange ? keyRange[1] + walk.base : keyStart;
      const key = isScalar(keyNode) && keyNode.value !== null && keyNode.value !== undefined ? String(keyNode.value) : '';
      entries.push({ key, keyStart, keyEnd, value: toNode(pair.value, walk, depth + 1, keyEnd) });
    }
    const last = entries.at(-1);
    return { kind: 'mapping', entries, start, end: contentEnd(walk.text, start, end, last === undefined ? undefined : Math.max(last.keyEnd, last.value.end)) };
  }
  // A missing value (`key:` in flow style, an empty document).
  return { kind: 'null', start, end };
}

/**
 * A collection's end: a flow collection's own (after its bracket), a block collection's at
 * the end of its last value. The yaml package ends a block collection after the blank
 * lines and comments that follow, the fast path before them; a diagnostic on a collection
 * should not reach into them either.
 */
function contentEnd(text: string, start: number, end: number, lastChildEnd: number | undefined): number {
  if (text[start] === '[' || text[start] === '{' || lastChildEnd === undefined) {
    return end;
  }
  return Math.max(start, lastChildEnd);
}

/** yaml-cpp's plain null spellings (and the empty value). */
function isNullText(text: string): boolean {
  return text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL';
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline < 0 ? message : message.slice(0, newline);
}
