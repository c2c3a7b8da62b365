/**
 * Finds what is under the cursor: a rule, macro or list name (definition or use), a field,
 * an operator or an event type name, from the symbol index. Shared by hover, definition, references, rename
 * and code actions. A cursor right after a token still counts as on it, as editors expect.
 */
import { type EventTypeOccurrence, type FieldOccurrence, type OperatorOccurrence, type SymbolIndex, type SymbolOccurrence } from './symbolIndex';

export type Located =
  | { kind: 'symbol'; occurrence: SymbolOccurrence }
  | { kind: 'field'; occurrence: FieldOccurrence }
  | { kind: 'operator'; occurrence: OperatorOccurrence }
  | { kind: 'eventType'; occurrence: EventTypeOccurrence };

/** The token of `file` at `offset`, or undefined. */
export function locate(index: SymbolIndex, file: number, offset: number): Located | undefined {
  const covers = (span: { file: number; start: number; end: number }): boolean => span.file === file && span.start <= offset && offset <= span.end;
  const symbol = index.symbols.find(covers);
  if (symbol !== undefined) {
    return { kind: 'symbol', occurrence: symbol };
  }
  const field = index.fields.find(covers);
  if (field !== undefined) {
    return { kind: 'field', occurrence: field };
  }
  const operator = index.operators.find(covers);
  if (operator !== undefined) {
    return { kind: 'operator', occurrence: operator };
  }
  const eventType = index.eventTypes.find(covers);
  return eventType === undefined ? undefined : { kind: 'eventType', occurrence: eventType };
}

/** Every occurrence of a rule, macro or list name, in load order. */
export function occurrencesOf(index: SymbolIndex, kind: SymbolOccurrence['kind'], name: string): SymbolOccurrence[] {
  return index.symbols.filter((occurrence) => occurrence.kind === kind && occurrence.name === name);
}
