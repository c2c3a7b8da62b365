/**
 * Turns a collected scalar into `SourcedText` (its decoded value with a file offset per
 * character), caching the result on the scalar record, which the per-file read cache keeps
 * alive across loads. It needs the file's text to re-decode the scalar's source.
 */
import { anchorText } from './anchors';
import { type Scalar } from './items';
import { scalarOffsetMap } from './scalars';
import { SourcedText } from './sourcedText';

let cache = new WeakMap<Scalar, SourcedText>();

/**
 * Forgets every cached text (with the other loader caches): a weak map keeps the entries of
 * dead scalars until a full collection, so one living across many cold loads grows, and its
 * lookups got slower (2.2-2.5% of a cold load's profile in a loop of loads; 0.7% when cleared).
 */
export function clearScalarTextCache(): void {
  cache = new WeakMap();
}

/** The scalar's value with its per-character file positions. */
export function scalarText(scalar: Scalar, _fileTexts: readonly string[]): SourcedText {
  const cached = cache.get(scalar);
  if (cached !== undefined) {
    return cached;
  }
  const sourced = SourcedText.lazy(scalar.value, scalar.span.file, () =>
    scalarOffsetMap(anchorText(scalar.span.file), scalar.span.start, scalar.span.end, scalar.style, scalar.value),
  );
  cache.set(scalar, sourced);
  return sourced;
}

/** Scalars joined with one space (Falco's append of conditions, outputs and descriptions). */
export function joinedText(parts: readonly Scalar[], fileTexts: readonly string[]): SourcedText {
  if (parts.length === 1) {
    return scalarText(parts[0], fileTexts);
  }
  const pieces: SourcedText[] = [];
  parts.forEach((part, partIdx) => {
    if (partIdx > 0) {
      pieces.push(SourcedText.synthetic(' ', part.span.file, part.span.start));
    }
    pieces.push(scalarText(part, fileTexts));
  });
  return SourcedText.concat(pieces);
}
