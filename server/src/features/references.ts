/**
 * Find references: every token that names the macro, list or rule under the cursor, in
 * every loaded file: uses in conditions, list names inside `( … )` and inside other lists'
 * items, appends and overrides, and (on request) the definitions. Ranges are the exact name
 * tokens.
 */
import { locate, occurrencesOf } from './locate';
import { type FileSpan, type SymbolIndex } from './symbolIndex';

/** The references of the name under the cursor, in load order. */
export function references(index: SymbolIndex, file: number, offset: number, includeDeclaration: boolean): FileSpan[] {
  const located = locate(index, file, offset);
  if (located?.kind !== 'symbol') {
    return [];
  }
  const { kind, name } = located.occurrence;
  return occurrencesOf(index, kind, name)
    .filter((occurrence) => includeDeclaration || occurrence.role !== 'definition')
    .map(({ file: refFile, start, end }) => ({ file: refFile, start, end }));
}
