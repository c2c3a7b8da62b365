/**
 * Completion by context. In a condition: fields of the rule's source, macros and `not`
 * where a check can start; operators valid for the field's type after a field; list names
 * after `in`/`intersects`/`pmatch` and inside their `( … )`; event type names after
 * `evt.type =` or `evt.type in (`. In a list's `items: [ … ]`: other lists. In a rule's
 * exceptions: fields after `fields:`, operators after `comps:`. In an output after `%`:
 * fields. On a key line: the attribute keys of the item's kind; after `priority:` the
 * priorities; after `source:` the sources; after `- ` at the top level the item kinds. The
 * context is read from the text before the cursor, because the text being typed usually
 * does not parse yet.
 */
import { type FieldCatalog, type FieldInfo } from '../fields';
import { knownEventNames } from '../fields/eventTable';
import { ALL_OPERATORS, checkOperator } from '../fields/operators';
import { PRIORITY_NAMES } from '../rules/readRule';
import { macroCondition } from './expansion';
import { fieldHover } from './hover';
import { itemSource, type FileSpan, type IndexedItem, type SymbolIndex } from './symbolIndex';

export type CompletionKind = 'field' | 'macro' | 'list' | 'operator' | 'keyword' | 'event' | 'priority' | 'source' | 'key' | 'item';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert, when it differs from the label. */
  insertText?: string;
  /** The text the entry replaces (the word being typed). */
  replace: FileSpan;
}

const RULE_KEYS = ['condition', 'output', 'desc', 'priority', 'source', 'enabled', 'tags', 'exceptions', 'override', 'append', 'warn_evttypes', 'skip-if-unknown-filter', 'capture', 'capture_duration'];
const MACRO_KEYS = ['condition', 'override', 'append'];
const LIST_KEYS = ['items', 'override', 'append'];
const ITEM_KINDS = ['rule', 'macro', 'list', 'required_engine_version', 'required_plugin_versions'];
const LIST_OPERATORS = /(?:^|[\s)])(?:in|intersects|pmatch)(?:\s+(?:oneof|anyof|allof))?\s*$/;
const INSIDE_LIST_PARENS = /(?:^|[\s)])(?:in|intersects|pmatch)(?:\s+(?:oneof|anyof|allof))?\s*\(([^()]*,)?\s*$/;
const EVT_TYPE_VALUE = /(?:^|[\s(])evt\.type\s*(?:(?:=|==|!=)\s*|(?:in|intersects)\s*\(([^()]*,)?\s*)$/;
const AFTER_FIELD = /(?:^|[\s(!])([a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)+)(?:\[[^\]]*\])?\s+$/;
const AFTER_OPERATOR = /(?:=|==|!=|<|<=|>|>=|\b(?:contains|icontains|bcontains|startswith|bstartswith|endswith|glob|iglob|regex))\s*$/;

/**
 * The completions at `offset` of `file`. `triggerCharacter` is the character that opened
 * completion by itself (space, comma): then only a specific context answers (operators after
 * a field, lists after `in`, event names after `evt.type =`), so typing a space in a condition
 * does not pop up every field.
 */
export function complete(index: SymbolIndex, catalog: FieldCatalog, file: number, offset: number, triggerCharacter?: string): CompletionEntry[] {
  const entries = completeAt(index, catalog, file, offset);
  if ((triggerCharacter === ' ' || triggerCharacter === ',') && entries.some((entry) => entry.kind === 'field' || entry.kind === 'key' || entry.kind === 'item')) {
    return [];
  }
  return entries;
}

function completeAt(index: SymbolIndex, catalog: FieldCatalog, file: number, offset: number): CompletionEntry[] {
  const text = index.fileTexts[file] ?? '';
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const linePrefix = text.slice(lineStart, offset);
  const word = /[a-zA-Z0-9_.\-[\]]*$/.exec(linePrefix)?.[0] ?? '';
  const replace: FileSpan = { file, start: offset - word.length, end: offset };
  // An indented line just after an item (a key being added) still belongs to that item.
  const item =
    index.items.find((candidate) => candidate.file === file && candidate.item.span.start <= offset && offset <= candidate.item.span.end) ??
    (/^\s+/.test(linePrefix) ? [...index.items].reverse().find((candidate) => candidate.file === file && candidate.item.span.start <= offset) : undefined);

  // Step 1: item kinds and attribute keys.
  if (/^-\s+[a-z_]*$/.test(linePrefix)) {
    return ITEM_KINDS.map((kind) => ({ label: kind, kind: 'item', insertText: `${kind}: `, replace }));
  }
  if (item !== undefined && /^\s+[a-z_-]*$/.test(linePrefix)) {
    const keys = item.item.kind === 'rule' ? RULE_KEYS : item.item.kind === 'macro' ? MACRO_KEYS : item.item.kind === 'list' ? LIST_KEYS : [];
    return keys.map((key) => ({ label: key, kind: 'key', insertText: `${key}: `, replace }));
  }
  // Step 2: values of simple keys.
  if (/^\s*priority:\s*[A-Za-z]*$/.test(linePrefix)) {
    return PRIORITY_NAMES.map((name) => ({ label: name.toUpperCase(), kind: 'priority', replace }));
  }
  if (/^\s*source:\s*[a-z_0-9]*$/.test(linePrefix)) {
    return catalog.sources().map((source) => ({ label: source, kind: 'source', replace }));
  }
  if (item === undefined) {
    return [];
  }
  // Step 3: inside a list's `items: [ … ]`, other lists (Falco expands them).
  if (item.item.kind === 'list' && /^\s*items:\s*\[[^\]]*$/.test(linePrefix)) {
    return listEntries(index, replace).filter((entry) => entry.label !== (item.item.kind === 'list' ? item.item.name : ''));
  }
  // Step 4: a rule's exceptions: `fields:` take fields of the rule's source, `comps:` operators.
  if (item.item.kind === 'rule' && /^\s*(?:-\s+)?fields:\s*(?:\[[^\]]*)?$/.test(linePrefix)) {
    return fieldEntries(catalog, itemSource(item.item), replace, (field) => field.printOnly !== true && field.tableOnly !== true);
  }
  if (item.item.kind === 'rule' && /^\s*(?:-\s+)?comps:\s*(?:\[[^\]]*)?$/.test(linePrefix)) {
    return ALL_OPERATORS.filter((op) => op !== '==').map((op) => ({ label: op, kind: 'operator', replace }));
  }
  // Step 5: inside an output format, after `%`.
  const output = item.item.kind === 'rule' ? item.item.values.output : undefined;
  if (output !== undefined && output.span.start <= offset && offset <= output.span.end) {
    const percent = /%([a-zA-Z0-9_.]*)$/.exec(linePrefix);
    if (percent === null) {
      return [];
    }
    const fieldReplace: FileSpan = { file, start: offset - percent[1].length, end: offset };
    return fieldEntries(catalog, itemSource(item.item), fieldReplace, (field) => field.filterOnly !== true);
  }
  // Step 6: inside a condition.
  const conditionStart = conditionStartAt(item, text, offset);
  if (conditionStart === undefined) {
    return [];
  }
  return completeCondition(index, catalog, item, text.slice(conditionStart, offset - word.length), replace);
}

function completeCondition(index: SymbolIndex, catalog: FieldCatalog, item: IndexedItem, before: string, replace: FileSpan): CompletionEntry[] {
  const source = itemSource(item.item);
  if (EVT_TYPE_VALUE.test(before)) {
    return knownEventNames().map((name) => ({ label: name, kind: 'event', detail: 'event type', replace }));
  }
  if (INSIDE_LIST_PARENS.test(before)) {
    return listEntries(index, replace);
  }
  if (LIST_OPERATORS.test(before)) {
    return [...listEntries(index, replace), { label: '(', kind: 'keyword', detail: 'a list of values', insertText: '($0)', replace }];
  }
  const afterField = AFTER_FIELD.exec(before);
  if (afterField !== null && !/\b(and|or|not)\s+$/.test(before)) {
    const field = catalog.lookup(afterField[1], source) ?? catalog.lookup(afterField[1]);
    const operators = ALL_OPERATORS.filter((op) => op !== '==' && (field === undefined || checkOperator(field, op) === undefined));
    return operators.map((op) => ({ label: op, kind: 'operator', detail: field === undefined ? undefined : `for ${field.type}`, replace }));
  }
  if (AFTER_OPERATOR.test(before)) {
    return [];
  }
  const entries: CompletionEntry[] = [
    ...fieldEntries(catalog, source, replace, (field) => field.printOnly !== true && field.tableOnly !== true),
    ...index.names('macro').map((name): CompletionEntry => ({ label: name, kind: 'macro', detail: 'macro', documentation: codeBlock(macroCondition(index, name)), replace })),
  ];
  if (before.trim() === '' || /(\(|\band|\bor|\bnot)\s*$/.test(before)) {
    entries.push({ label: 'not', kind: 'keyword', replace });
  } else {
    entries.push({ label: 'and', kind: 'keyword', replace }, { label: 'or', kind: 'keyword', replace });
  }
  return entries;
}

function fieldEntries(catalog: FieldCatalog, source: string, replace: FileSpan, keep: (field: FieldInfo) => boolean): CompletionEntry[] {
  return catalog
    .fieldsForSource(source)
    .filter((field) => keep(field) && !field.deprecated)
    .map((field) => ({ label: field.name, kind: 'field', detail: field.type, documentation: fieldHover(catalog, field.name, source), replace }));
}

function listEntries(index: SymbolIndex, replace: FileSpan): CompletionEntry[] {
  return index.names('list').map((name) => ({ label: name, kind: 'list', detail: 'list', documentation: listPreview(index, name), replace }));
}

/** The items of a list's defining item, as a short preview. */
function listPreview(index: SymbolIndex, name: string): string | undefined {
  const defining = [...index.byName('list', name)].reverse().find((indexed) => indexed.item.kind === 'list' && !indexed.item.append);
  if (defining === undefined || defining.item.kind !== 'list') {
    return undefined;
  }
  const items = defining.item.items.map((item) => item.value);
  return items.length <= 12 ? items.join(', ') : `${items.slice(0, 12).join(', ')}, … (${items.length} items)`;
}

function codeBlock(text: string | undefined): string | undefined {
  return text === undefined ? undefined : ['```falco', text.trim(), '```'].join('\n');
}

/**
 * Where the condition containing `offset` starts in the file: the condition scalar's start,
 * or, when the value is still empty or being typed on the key line, just after `condition:`.
 */
function conditionStartAt(item: IndexedItem, text: string, offset: number): number | undefined {
  for (const parsed of item.conditions) {
    const span = parsed.scalar.span;
    if (span.start <= offset && offset <= span.end) {
      return span.start;
    }
  }
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const key = /^\s*(?:-\s+)?condition:\s*[>|]?[-+]?\s*/.exec(text.slice(lineStart, offset));
  return key === null ? undefined : lineStart + key[0].length;
}
