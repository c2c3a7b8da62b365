/**
 * Reads a rules file's YAML documents into the plain tree Falco's schema check sees. Falco
 * hands yaml-cpp nodes straight to valijson (no conversion to JSON values), so a scalar
 * stays its source text (`yes`, `0700`, `1.10` are just text), a plain `~`/`null`/empty
 * value is null, tags are ignored (`desc: != x` is the text "x"), and an alias is the node
 * it names. It parses with the `yaml` package on its own, per call: it is not part of the
 * loader and shares nothing with `rules/`. It reports a YAML syntax error instead of a tree
 * (Falco's parse then fails before the schema is applied).
 */
import { type Document, isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';

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
  doc: Document.Parsed;
  nodes: number;
  tooBig: boolean;
}

/** Parses `text` into one tree per YAML document (a comments-only stream has none). */
export function readSchemaTree(text: string): SchemaTree {
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
    const walk: Walk = { doc, nodes: 0, tooBig: false };
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
    const target = raw.resolve(walk.doc);
    const node = toNode(target ?? null, walk, depth + 1, fallback);
    const [start, end] = raw.range ?? [fallback, fallback];
    return { ...node, start, end } as SchemaNode;
  }
  const range = (raw as { range?: [number, number, number] | null } | null)?.range;
  const start = range?.[0] ?? fallback;
  const end = range?.[1] ?? fallback;
  if (isScalar(raw)) {
    const text = raw.value === null || raw.value === undefined ? '' : String(raw.value);
    if (raw.type === 'PLAIN' && raw.tag === undefined && isNullText(text)) {
      return { kind: 'null', start, end };
    }
    return { kind: 'scalar', text, start, end };
  }
  if (isSeq(raw)) {
    const items = raw.items.map((item) => toNode(item, walk, depth + 1, start));
    return { kind: 'sequence', items, start, end };
  }
  if (isMap(raw)) {
    const entries: SchemaEntry[] = [];
    for (const pair of raw.items) {
      if (!isPair(pair)) {
        continue;
      }
      const keyNode = isAlias(pair.key) ? pair.key.resolve(walk.doc) : pair.key;
      const keyRange = (pair.key as { range?: [number, number, number] | null } | null)?.range;
      const keyStart = keyRange?.[0] ?? start;
      const keyEnd = keyRange?.[1] ?? keyStart;
      const key = isScalar(keyNode) && keyNode.value !== null && keyNode.value !== undefined ? String(keyNode.value) : '';
      entries.push({ key, keyStart, keyEnd, value: toNode(pair.value, walk, depth + 1, keyEnd) });
    }
    return { kind: 'mapping', entries, start, end };
  }
  // A missing value (`key:` in flow style, an empty document).
  return { kind: 'null', start, end };
}

/** yaml-cpp's plain null spellings (and the empty value). */
function isNullText(text: string): boolean {
  return text === '' || text === '~' || text === 'null' || text === 'Null' || text === 'NULL';
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline < 0 ? message : message.slice(0, newline);
}
