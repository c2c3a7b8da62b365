/**
 * Document and workspace symbols: the rules, macros and lists of the loaded files, each
 * with the span of its whole item and of its name, so the outline, breadcrumbs and "Go to
 * symbol in workspace" list them. Appends and overrides are listed too, marked as such.
 */
import { isDefinition, type FileSpan, type SymbolIndex, type SymbolKind } from './symbolIndex';

export interface RulesSymbol {
  kind: SymbolKind;
  name: string;
  /** 'append'/'override' for items that extend an earlier definition. */
  detail: string;
  span: FileSpan;
  nameSpan: FileSpan;
}

/** The symbols of one file, in file order. */
export function documentSymbols(index: SymbolIndex, file: number): RulesSymbol[] {
  return allSymbols(index).filter((symbol) => symbol.span.file === file);
}

/** The symbols of every file whose name contains `query`'s characters in order (case-insensitive). */
export function workspaceSymbols(index: SymbolIndex, query: string): RulesSymbol[] {
  const wanted = query.toLowerCase();
  return allSymbols(index).filter((symbol) => fuzzyContains(symbol.name.toLowerCase(), wanted));
}

function allSymbols(index: SymbolIndex): RulesSymbol[] {
  const out: RulesSymbol[] = [];
  for (const { item } of index.items) {
    if (item.kind !== 'rule' && item.kind !== 'macro' && item.kind !== 'list') {
      continue;
    }
    let detail: string = item.kind;
    if (!isDefinition(item)) {
      detail = item.kind === 'rule' && item.mode !== 'append' ? `${item.kind} (${item.mode})` : `${item.kind} (append)`;
    } else if (item.kind === 'rule' && item.values.priority !== undefined) {
      detail = `rule, ${item.values.priority.value}`;
    }
    out.push({ kind: item.kind, name: item.name, detail, span: item.span, nameSpan: item.nameSpan });
  }
  return out;
}

function fuzzyContains(text: string, query: string): boolean {
  let at = 0;
  for (const char of query) {
    at = text.indexOf(char, at);
    if (at < 0) {
      return false;
    }
    at++;
  }
  return true;
}
