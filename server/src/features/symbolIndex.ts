/**
 * The symbol index the editor features share: for every rules file of a load (in load
 * order), where each rule, macro and list is defined, appended or overridden, and every
 * token in conditions, list items and outputs that names one of them, a field or an
 * operator, with exact file offsets. Built from the core's public outputs (the reader's
 * items and the condition parser's AST with ranges); it reports no problems (the loader
 * does) and does not decide Falco semantics beyond name resolution.
 *
 * Why not only `Analysis.definitions()`/`references()`: those report what the loader resolved
 * (compiled conditions of visible items). The editor also needs uses inside a half-typed
 * condition, inside a macro a later file shadows, and list names inside other lists' items,
 * plus field and operator tokens; `test/unit/features/symbolIndex.test.ts` checks that this
 * index contains everything the façade reports, with the same definitions.
 */
import { type Item, type ListItem, type MacroItem, type RuleItem, type Scalar } from '../rules/items';
import { readRulesFile } from '../rules/reader';
import { namedNodes, parseConditionScalar, scalarFileOffsets, type ParsedScalar } from './conditionText';
import { outputFields } from './outputText';

export type SymbolKind = 'rule' | 'macro' | 'list';

/** A place in one file of the load: `[start, end)` offsets. */
export interface FileSpan {
  file: number;
  start: number;
  end: number;
}

/** One occurrence of a rule, macro or list name. */
export interface SymbolOccurrence extends FileSpan {
  kind: SymbolKind;
  name: string;
  /** `definition`: a defining item; `extension`: an append/override item; `reference`: a use. */
  role: 'definition' | 'extension' | 'reference';
}

/** One occurrence of a field name (condition or output). */
export interface FieldOccurrence extends FileSpan {
  name: string;
  arg?: string;
  /** The event source of the enclosing rule ('syscall' when unknown, e.g. in a macro). */
  source: string;
}

/** One occurrence of a comparison operator. */
export interface OperatorOccurrence extends FileSpan {
  op: string;
  /** The field on its left, when it is a plain field. */
  fieldName?: string;
}

/** A string value inside a condition (for semantic highlighting). */
export type StringOccurrence = FileSpan;

/** An event type name compared with `evt.type`. */
export interface EventTypeOccurrence extends FileSpan {
  name: string;
}

/** An item of a file with its parsed conditions. */
export interface IndexedItem {
  file: number;
  item: Item;
  conditions: ParsedScalar[];
}

/** The index of one load. */
export interface SymbolIndex {
  fileTexts: readonly string[];
  items: IndexedItem[];
  symbols: SymbolOccurrence[];
  fields: FieldOccurrence[];
  operators: OperatorOccurrence[];
  strings: StringOccurrence[];
  eventTypes: EventTypeOccurrence[];
  /** Items of each kind by name, in load order (definitions and extensions). */
  byName(kind: SymbolKind, name: string): IndexedItem[];
  /** Every name of a kind that has a defining item. */
  names(kind: SymbolKind): string[];
}

/**
 * Builds the index of rules files given in load order. Files whose text and position in
 * the order are unchanged since `previous` keep their items (reading YAML is the costly
 * part), so an edit re-reads only the edited file.
 */
export function buildSymbolIndex(fileTexts: readonly string[], previous?: SymbolIndex): SymbolIndex {
  const items: IndexedItem[] = [];
  const byKind: Record<SymbolKind, Map<string, IndexedItem[]>> = { rule: new Map(), macro: new Map(), list: new Map() };
  // Step 1: items of every file, with their conditions parsed.
  fileTexts.forEach((text, file) => {
    const reused = previous !== undefined && previous.fileTexts[file] === text ? previous.items.filter((indexed) => indexed.file === file) : undefined;
    for (const indexed of reused ?? readItems(text, file)) {
      const item = indexed.item;
      items.push(indexed);
      if (item.kind === 'rule' || item.kind === 'macro' || item.kind === 'list') {
        const map = byKind[item.kind];
        map.set(item.name, [...(map.get(item.name) ?? []), indexed]);
      }
    }
  });
  const index: SymbolIndex = {
    fileTexts,
    items,
    symbols: [],
    fields: [],
    operators: [],
    strings: [],
    eventTypes: [],
    byName: (kind, name) => byKind[kind].get(name) ?? [],
    names: (kind) => [...byKind[kind].entries()].filter(([, defs]) => defs.some((def) => isDefinition(def.item))).map(([name]) => name),
  };
  // Step 2: names and tokens, now that every list name is known.
  for (const indexed of items) {
    collectOccurrences(index, indexed, byKind.list);
  }
  return index;
}

function readItems(text: string, file: number): IndexedItem[] {
  const out: IndexedItem[] = [];
  for (const event of readRulesFile(text, file)) {
    if (event.kind !== 'item') {
      continue;
    }
    const item = event.item;
    const conditions: ParsedScalar[] = [];
    if (item.kind === 'macro') {
      conditions.push(parseConditionScalar(item.condition, text));
    } else if (item.kind === 'rule' && item.values.condition !== undefined) {
      conditions.push(parseConditionScalar(item.values.condition, text));
    }
    out.push({ file, item, conditions });
  }
  return out;
}

/** True when the item defines its name (rather than appending to or overriding it). */
export function isDefinition(item: Item): boolean {
  if (item.kind === 'rule') {
    return item.mode === 'define';
  }
  return (item.kind === 'macro' || item.kind === 'list') && !item.append;
}

/** The event source an item's fields belong to. */
export function itemSource(item: Item): string {
  return item.kind === 'rule' && item.values.source !== undefined ? item.values.source.value : 'syscall';
}

function collectOccurrences(index: SymbolIndex, indexed: IndexedItem, lists: Map<string, IndexedItem[]>): void {
  const { item, file } = indexed;
  if (item.kind !== 'rule' && item.kind !== 'macro' && item.kind !== 'list') {
    return;
  }
  index.symbols.push({ kind: item.kind, name: item.name, role: isDefinition(item) ? 'definition' : 'extension', ...insideQuotes(item.nameSpan, index.fileTexts[file], item.name) });
  const source = itemSource(item);
  if (item.kind === 'list') {
    collectListItems(index, item, lists);
  }
  for (const parsed of indexed.conditions) {
    if (parsed.ast === undefined) {
      continue;
    }
    for (const node of namedNodes(parsed.ast)) {
      const span = (start: number, end: number): FileSpan => ({ file, ...parsed.fileRange(start, end) });
      switch (node.kind) {
        case 'macro':
          index.symbols.push({ kind: 'macro', name: node.name, role: 'reference', ...span(node.range.start, node.range.end) });
          break;
        case 'list':
          if (node.bare || lists.has(node.name)) {
            index.symbols.push({ kind: 'list', name: node.name, role: 'reference', ...span(node.range.start, node.range.end) });
          } else {
            index.strings.push(span(node.range.start, node.range.end));
          }
          break;
        case 'field':
          index.fields.push({ name: node.node.name, arg: node.node.arg, source, ...span(node.node.range.start, node.node.range.end) });
          break;
        case 'operator': {
          const lhs = node.check.lhs;
          index.operators.push({ op: node.op, fieldName: lhs.kind === 'field' ? lhs.name : undefined, ...span(node.range.start, node.range.end) });
          break;
        }
        case 'string':
          index.strings.push(span(node.range.start, node.range.end));
          break;
        case 'eventType':
          if (lists.has(node.name)) {
            index.symbols.push({ kind: 'list', name: node.name, role: 'reference', ...span(node.range.start, node.range.end) });
          } else {
            index.eventTypes.push({ name: node.name, ...span(node.range.start, node.range.end) });
          }
          break;
      }
    }
  }
  if (item.kind === 'rule' && item.values.output !== undefined) {
    collectOutput(index, item, file, source);
  }
}

/** List items that name another list are references to it (Falco expands them). */
function collectListItems(index: SymbolIndex, item: ListItem, lists: Map<string, IndexedItem[]>): void {
  for (const entry of item.items) {
    if (lists.has(entry.value)) {
      index.symbols.push({ kind: 'list', name: entry.value, role: 'reference', file: entry.span.file, start: valueStart(entry), end: valueStart(entry) + entry.value.length });
    }
  }
}

function collectOutput(index: SymbolIndex, item: RuleItem, file: number, source: string): void {
  const output = item.values.output as Scalar;
  const fileOffset = scalarFileOffsets(output, index.fileTexts[file]);
  for (const field of outputFields(output.value)) {
    index.fields.push({ name: field.name, arg: field.arg, source, file, start: fileOffset(field.start), end: fileOffset(field.end - 1) + 1 });
  }
}

/** A quoted name's span without its quotes (`- rule: "A rule"`), so renames keep the quotes. */
function insideQuotes(span: FileSpan, text: string, name: string): FileSpan {
  const written = text.slice(span.start, span.end);
  const quote = written[0];
  if ((quote === '"' || quote === "'") && written.length >= 2 && written.endsWith(quote) && written.slice(1, -1) === name) {
    return { file: span.file, start: span.start + 1, end: span.end - 1 };
  }
  return { file: span.file, start: span.start, end: span.end };
}

/** Where a list item's value starts (quoted items start after the quote). */
function valueStart(entry: Scalar): number {
  return entry.style === 'QUOTE_DOUBLE' || entry.style === 'QUOTE_SINGLE' ? entry.span.start + 1 : entry.span.start;
}

/** Re-exported for features that only need the item types. */
export type { ListItem, MacroItem, RuleItem };
