/**
 * Go to definition: from a macro, list or rule name (a use, an append or the definition
 * itself) to the items that define it, latest first is not assumed: every defining item in
 * load order (a later file may redefine a name). Fields and operators have no definition.
 */
import { locate, occurrencesOf } from './locate';
import { type FileSpan, type SymbolIndex } from './symbolIndex';

/** Where the name under the cursor is defined; empty when it is not a rule, macro or list. */
export function definition(index: SymbolIndex, file: number, offset: number): FileSpan[] {
  const located = locate(index, file, offset);
  if (located?.kind !== 'symbol') {
    return [];
  }
  const { kind, name } = located.occurrence;
  return occurrencesOf(index, kind, name)
    .filter((occurrence) => occurrence.role === 'definition')
    .map(({ file: defFile, start, end }) => ({ file: defFile, start, end }));
}
