/**
 * Lists (§5.1): compiled lists (one-level expansion of items naming earlier-visible lists)
 * and the textual substitution of list names in condition text before parsing, exactly as
 * Falco's `resolve_list` does it (delimiters, consumed blanks, quoting, the empty-list
 * comma), carrying each character's source position through. Generated item text maps to
 * the list name it replaced. It does not parse conditions.
 */
import { type CollectedList } from '../rules/collector';
import { LIST_NAME_REGEX } from '../rules/readListMacro';
import { SourcedText } from '../rules/sourcedText';
import { needsQuotes } from './exceptions';

/** A list ready for substitution: its name, index and (one-level expanded) items. */
export interface CompiledList {
  name: string;
  index: number;
  items: string[];
  /** The text that replaces the name: items, quoted if needed, joined with ", ". */
  substitution: string;
  /** Collected list this comes from. */
  source: CollectedList;
}

/** The compiled lists, in index order, plus which lists other lists referenced. */
export interface ListTable {
  ordered: CompiledList[];
  byName: Map<string, CompiledList>;
  /** Names of lists whose items were spliced into another list. */
  referencedByLists: Set<string>;
}

/** Compiles the collected lists (Falco's `compile_list_infos`). */
export function compileLists(lists: readonly CollectedList[]): ListTable {
  const collectedByName = new Map(lists.map((list) => [list.name, list]));
  const referencedByLists = new Set<string>();
  const ordered: CompiledList[] = [];
  for (const list of lists) {
    const items: string[] = [];
    for (const item of list.items) {
      const ref = collectedByName.get(item.value);
      if (ref !== undefined && ref.index < list.visibility) {
        // One level only: the referenced list's raw items.
        for (const refItem of ref.items) {
          items.push(refItem.value);
        }
        referencedByLists.add(ref.name);
      } else {
        items.push(item.value);
      }
    }
    const substitution = items.map((value) => (needsQuotes(value) ? `"${value}"` : value)).join(', ');
    ordered.push({ name: list.name, index: list.index, items, substitution, source: list });
  }
  return { ordered, byName: new Map(ordered.map((list) => [list.name, list])), referencedByLists };
}

const BLANKS = ' \t\n\r';
const DELIMS = ' \t\n\r(),=';
const TOKEN_SPLIT = /[ \t\n\r(),=]+/;

/** The result of substitution: the new text and the lists that were used. */
export interface Substituted {
  text: SourcedText;
  used: CompiledList[];
  /** Where each substituted name was written: file and offset of its first character. */
  occurrences: { list: CompiledList; file: number; offset: number }[];
}

/** Substitutes every list name in `condition`, iterating lists in index order like Falco. */
export function substituteLists(condition: SourcedText, table: ListTable): Substituted {
  // Step 1: candidates. A valid list name contains no delimiter, so it can only appear as a
  // whole delimited token; lists with invalid names are searched for as plain substrings.
  const tokens = new Set(condition.text.split(TOKEN_SPLIT));
  const candidates = (): CompiledList[] =>
    table.ordered.filter((list) => tokens.has(list.name) || (!LIST_NAME_REGEX.test(list.name) && list.name !== ''));
  let text = condition;
  const used: CompiledList[] = [];
  const occurrences: Substituted['occurrences'] = [];
  let lastIndex = -1;
  // Step 2: substitute in index order; substituted items may name later lists.
  for (;;) {
    const next = candidates().find((list) => list.index > lastIndex);
    if (next === undefined) {
      break;
    }
    lastIndex = next.index;
    const result = resolveList(text, next, occurrences);
    if (result !== undefined) {
      text = result;
      used.push(next);
      for (const token of next.substitution.split(TOKEN_SPLIT)) {
        tokens.add(token);
      }
    }
  }
  return { text, used, occurrences };
}

/** Falco's `resolve_list` for one list; undefined when the name does not occur. */
function resolveList(condition: SourcedText, list: CompiledList, occurrences: Substituted['occurrences']): SourcedText | undefined {
  let current = condition;
  let start = current.text.indexOf(list.name);
  let usedList = false;
  while (start !== -1) {
    const cnd = current.text;
    let end = start + list.name.length;
    const boundedLeft = start === 0 || DELIMS.includes(cnd[start - 1]);
    const boundedRight = end >= cnd.length || DELIMS.includes(cnd[end]);
    if (list.name !== '' && boundedLeft && boundedRight) {
      const nameAt = current.at(start);
      occurrences.push({ list, file: nameAt.file, offset: nameAt.offset });
      while (start > 0 && BLANKS.includes(cnd[start - 1])) {
        start--;
      }
      while (end < cnd.length && BLANKS.includes(cnd[end])) {
        end++;
      }
      const sub = list.substitution;
      if (sub === '') {
        if (start > 0 && cnd[start - 1] === ',') {
          start--;
        } else if (end < cnd.length && cnd[end] === ',') {
          end++;
        }
      }
      const parts: SourcedText[] = [];
      if (start > 0) {
        parts.push(current.slice(0, start), SourcedText.synthetic(' ', nameAt.file, nameAt.offset));
      }
      parts.push(SourcedText.synthetic(`${sub} `, nameAt.file, nameAt.offset));
      parts.push(current.slice(end, cnd.length));
      current = SourcedText.concat(parts);
      start += sub.length + 1;
      usedList = true;
    }
    start = current.text.indexOf(list.name, start + 1);
  }
  return usedList ? current : undefined;
}
