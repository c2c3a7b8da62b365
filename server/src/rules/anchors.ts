/**
 * Anchors: what a span's offsets are relative to. A `Span` (and every `SourcedText`
 * character) names an anchor id instead of a file; the anchor says which file and where in
 * it the anchored text starts, and holds that text. Reading caches one anchor per item
 * chunk, so an item that only moved (an edit above it) keeps its records, and everything
 * derived from them, by updating one number. Absolute positions are resolved at the edges
 * (problems, the compiled rule set, editor locations).
 */

/** One anchored text: `text` starts at offset `base` of file `file` (load-order index). */
export interface Anchor {
  file: number;
  base: number;
  text: string;
}

const anchors = new Map<number, Anchor>();
let nextId = 1;

/** Registers an anchor; returns its id. */
export function newAnchor(file: number, base: number, text: string): number {
  return addAnchor({ file, base, text });
}

/**
 * Registers `anchor` itself, which its owner may move (`base`, `file`) or re-text directly
 * (an object with more fields, such as a cached chunk entry); returns its id.
 */
export function addAnchor(anchor: Anchor): number {
  const id = nextId++;
  anchors.set(id, anchor);
  return id;
}

/** Moves an anchor (its text is unchanged). */
export function placeAnchor(id: number, file: number, base: number): void {
  const anchor = anchors.get(id);
  if (anchor !== undefined) {
    anchor.file = file;
    anchor.base = base;
  }
}

/** Forgets an anchor whose records are no longer cached. */
export function dropAnchor(id: number): void {
  anchors.delete(id);
}

/** Forgets every anchor (when no record read so far is used again). */
export function dropAllAnchors(): void {
  anchors.clear();
}

/** The text an anchor's offsets index ('' for an unknown anchor). */
export function anchorText(id: number): string {
  return anchors.get(id)?.text ?? '';
}

/** The absolute file and offset of `offset` relative to anchor `id`. */
export function resolveOffset(id: number, offset: number): { file: number; offset: number } {
  const anchor = anchors.get(id);
  return anchor === undefined ? { file: 0, offset } : { file: anchor.file, offset: anchor.base + offset };
}
