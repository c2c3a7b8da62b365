/**
 * Hover: what the token under the cursor means. A field shows its type, sources and
 * description from the field catalog; a macro shows its condition and its full expansion;
 * a list shows its items; a rule shows its source, priority, tags and the event types it is
 * indexed under; an operator shows which field types accept it; an event type name compared
 * with `evt.type` shows its event codes and parameters. Markdown out, offsets in;
 * it knows nothing about LSP.
 */
import { parseCondition } from '../condition';
import { type FieldCatalog } from '../fields';
import { namedNodes } from './conditionText';
import { checkOperator } from '../fields/operators';
import { eventTypeHover } from './eventTypes';
import { expandMacros, macroCondition } from './expansion';
import { locate } from './locate';
import { isDefinition, type FileSpan, type SymbolIndex } from './symbolIndex';

/** Facts that only a full load knows (the analysis façade's compiled rules and macros). */
export interface RuleFacts {
  /** Event type names the rule is indexed under, 'all' when unrestricted, undefined when unknown. */
  eventTypes(ruleName: string): string[] | 'all' | undefined;
  /** The macro's full expansion as the loader resolved it, undefined when unknown or broken. */
  macroExpansion(macroName: string): string | undefined;
}

export interface HoverResult {
  markdown: string;
  span: FileSpan;
}

/** Longest expansion shown; longer ones are cut with a note. */
const MAX_EXPANSION = 4000;

/** The hover for `offset` in `file`, or undefined when there is nothing to say. */
export function hover(index: SymbolIndex, catalog: FieldCatalog, facts: RuleFacts, file: number, offset: number): HoverResult | undefined {
  const located = locate(index, file, offset);
  if (located === undefined) {
    return undefined;
  }
  const span: FileSpan = { file: located.occurrence.file, start: located.occurrence.start, end: located.occurrence.end };
  switch (located.kind) {
    case 'field':
      return withSpan(fieldHover(catalog, located.occurrence.name, located.occurrence.source), span);
    case 'operator':
      return withSpan(operatorHover(catalog, located.occurrence.op, located.occurrence.fieldName), span);
    case 'eventType':
      return withSpan(eventTypeHover(located.occurrence.name), span);
    case 'symbol': {
      const { kind, name } = located.occurrence;
      if (kind === 'macro') {
        return withSpan(macroHover(index, facts, name), span);
      }
      if (kind === 'list') {
        return withSpan(listHover(index, name), span);
      }
      return withSpan(ruleHover(index, facts, name), span);
    }
  }
}

/** A field's hover text (also used by completion's documentation). */
export function fieldHover(catalog: FieldCatalog, name: string, source: string): string | undefined {
  const field = catalog.lookup(name, source) ?? catalog.lookup(name);
  if (field === undefined) {
    return `**${name}**: unknown field for source \`${source}\``;
  }
  const flags = [field.isList ? 'list' : '', field.arg === 'required' ? 'argument required' : field.arg === 'optional' ? 'optional argument' : '', field.deprecated ? 'deprecated' : '']
    .filter((flag) => flag !== '')
    .join(', ');
  return [`**${field.name}** \`${field.type}\`${flags !== '' ? ` (${flags})` : ''}`, '', field.desc, '', `Sources: ${field.sources.join(', ')}`].join('\n');
}

function operatorHover(catalog: FieldCatalog, op: string, fieldName: string | undefined): string {
  const field = fieldName === undefined ? undefined : catalog.lookup(fieldName);
  if (field === undefined) {
    return `Operator \`${op}\``;
  }
  const problem = checkOperator(field, op);
  return problem === undefined ? `Operator \`${op}\` on \`${field.name}\` (\`${field.type}\`)` : `Operator \`${op}\` on \`${field.name}\` (\`${field.type}\`): ${problem}`;
}

function macroHover(index: SymbolIndex, facts: RuleFacts, name: string): string {
  const condition = macroCondition(index, name);
  if (condition === undefined) {
    return `**macro ${name}**: not defined in the loaded rules files`;
  }
  // The loader's expansion when the load resolved the macro, else our textual one.
  let expansion = (facts.macroExpansion(name) ?? expandMacros(index, condition, new Set([name]))).replace(/\s+/g, ' ').trim();
  if (expansion.length > MAX_EXPANSION) {
    expansion = `${expansion.slice(0, MAX_EXPANSION)} … (${expansion.length} characters, cut)`;
  }
  const lines = [`**macro ${name}**`, '', '```falco', condition.trim(), '```'];
  // Only worth showing when the condition uses other macros.
  if (usesMacros(condition)) {
    lines.push('', 'Expands to:', '', '```falco', expansion, '```');
  }
  return lines.join('\n');
}

function listHover(index: SymbolIndex, name: string): string {
  const items: string[] = [];
  let defined = false;
  for (const indexed of index.byName('list', name)) {
    if (indexed.item.kind !== 'list') {
      continue;
    }
    if (isDefinition(indexed.item)) {
      items.length = 0;
      defined = true;
    }
    items.push(...indexed.item.items.map((item) => item.value));
  }
  if (!defined) {
    return `**list ${name}**: not defined in the loaded rules files`;
  }
  return [`**list ${name}** (${items.length} items)`, '', items.length === 0 ? '(empty)' : items.map((item) => `\`${item}\``).join(', ')].join('\n');
}

function ruleHover(index: SymbolIndex, facts: RuleFacts, name: string): string {
  const definitions = index.byName('rule', name);
  const defining = [...definitions].reverse().find((indexed) => isDefinition(indexed.item));
  if (defining === undefined || defining.item.kind !== 'rule') {
    return `**rule ${name}**: not defined in the loaded rules files`;
  }
  const values = defining.item.values;
  const eventTypes = facts.eventTypes(name);
  const lines = [`**rule ${name}**`, ''];
  lines.push(`Source: \`${values.source?.value ?? 'syscall'}\``);
  if (values.priority !== undefined) {
    lines.push(`Priority: \`${values.priority.value}\``);
  }
  if (values.tags !== undefined && values.tags.length > 0) {
    lines.push(`Tags: ${values.tags.map((tag) => `\`${tag.value}\``).join(', ')}`);
  }
  if (eventTypes === 'all') {
    lines.push('Event types: all (the condition does not restrict `evt.type`)');
  } else if (eventTypes !== undefined) {
    lines.push(`Event types (${eventTypes.length}): ${eventTypes.map((type) => `\`${type}\``).join(', ')}`);
  }
  if (values.desc !== undefined) {
    lines.push('', values.desc.value.trim());
  }
  return lines.join('  \n');
}

function usesMacros(condition: string): boolean {
  const expr = parseCondition(condition).expr;
  return expr !== undefined && namedNodes(expr).some((node) => node.kind === 'macro');
}

function withSpan(markdown: string | undefined, span: FileSpan): HoverResult | undefined {
  return markdown === undefined ? undefined : { markdown, span };
}
