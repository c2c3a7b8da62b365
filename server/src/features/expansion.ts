/**
 * Macro expansion as text, for hover: each macro reference in a condition is replaced by
 * its own (expanded) condition in parentheses, the way Falco's macro resolver substitutes
 * macro ASTs. A macro's condition is its defining text followed by every `append`, joined
 * with a space, as Falco does. Lists are left as names (their hover shows their items).
 * Unknown macros and cycles are left as written.
 */
import { parseCondition } from '../condition';
import { namedNodes } from './conditionText';
import { isDefinition, type SymbolIndex } from './symbolIndex';

/** The condition text of a macro after Falco's appends, or undefined if it is not defined. */
export function macroCondition(index: SymbolIndex, name: string): string | undefined {
  let text: string | undefined;
  for (const indexed of index.byName('macro', name)) {
    if (indexed.item.kind !== 'macro') {
      continue;
    }
    if (isDefinition(indexed.item) || text === undefined) {
      text = indexed.item.condition.value;
    } else {
      text = `${text} ${indexed.item.condition.value}`;
    }
  }
  return text;
}

/** `condition` with every macro reference expanded, recursively. */
export function expandMacros(index: SymbolIndex, condition: string, seen: ReadonlySet<string> = new Set()): string {
  const expr = parseCondition(condition).expr;
  if (expr === undefined) {
    return condition;
  }
  const replacements = namedNodes(expr)
    .filter((node): node is Extract<typeof node, { kind: 'macro' }> => node.kind === 'macro')
    .map((node) => {
      const body = seen.has(node.name) ? undefined : macroCondition(index, node.name);
      return { node, text: body === undefined ? undefined : `(${expandMacros(index, body, new Set([...seen, node.name])).trim()})` };
    })
    .filter((replacement) => replacement.text !== undefined)
    .sort((a, b) => b.node.range.start - a.node.range.start);
  let out = condition;
  for (const { node, text } of replacements) {
    out = out.slice(0, node.range.start) + (text as string) + out.slice(node.range.end);
  }
  return out;
}
