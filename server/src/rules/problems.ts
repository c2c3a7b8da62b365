/**
 * Problems as the loader's passes produce them (a span in a file), the internal `LoadError`
 * a reading step throws to stop reading an item the way Falco's THROW does, and the
 * conversion to the public `Problem` with line and column.
 */
import { resolveOffset } from './anchors';
import { type Span } from './items';
import { type LineIndex } from './lineIndex';
import { type ItemType, type LoadCode, type Problem } from './loadCodes';

/** A problem before positions are resolved to lines and columns. */
export interface RawProblem {
  code: LoadCode;
  message: string;
  itemType: ItemType;
  itemName: string;
  span: Span;
}

/**
 * Thrown inside the reader and collector to abandon the current item (Falco's THROW).
 * Always caught within `rules/`; never escapes a public function.
 */
export class LoadError extends Error {
  constructor(readonly problem: RawProblem) {
    super(problem.message);
  }
}

/** Builds a raw problem. */
export function rawProblem(code: LoadCode, message: string, itemType: ItemType, itemName: string, span: Span): RawProblem {
  return { code, message, itemType, itemName, span };
}

/** Throws a `LoadError` for an error found while reading or collecting. */
export function fail(code: LoadCode, message: string, itemType: ItemType, itemName: string, span: Span): never {
  throw new LoadError(rawProblem(code, message, itemType, itemName, span));
}

/** Converts to the public record, resolving the span's start to line and column. */
export function toProblem(raw: RawProblem, lineIndexes: readonly LineIndex[]): Problem {
  const start = resolveOffset(raw.span.file, raw.span.start);
  const lineIndex = lineIndexes[start.file];
  const position = lineIndex === undefined ? { line: 0, column: 0, offset: start.offset } : lineIndex.position(start.offset);
  return {
    code: raw.code,
    message: raw.message,
    itemType: raw.itemType,
    itemName: raw.itemName,
    file: start.file,
    position,
    endOffset: Math.max(start.offset + (raw.span.end - raw.span.start), position.offset),
  };
}
