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
  /** Collected list this comes from (the first of redefinitions with the same items). */
  source: CollectedList;
}

/** The compiled lists, in index order, plus which lists other lists referenced. */
export interface ListTable {
  ordered: CompiledList[];
  byName: Map<string, CompiledList>;
  /** Names of lists whose items were spliced into another list. */
  referencedByLists: Set<string>;
  /** Lists whose names may contain delimiters (searched as plain substrings). */
  oddNames: CompiledList[];
}

/**
 * Compiled lists by name, reused by later tables while index and items are unchanged (a
 * redefinition with the same items included): a load compiling after each file builds one
 * table per file prefix, and a substitution plan made under one table then holds under the
 * next, which has the same objects.
 */
let compiledByName = new Map<string, CompiledList>();

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
    const previous = compiledByName.get(list.name);
    if (previous !== undefined && previous.name === list.name && previous.index === list.index && sameStrings(previous.items, items)) {
      ordered.push(previous);
      continue;
    }
    const substitution = items.map((value) => (needsQuotes(value) ? `"${value}"` : value)).join(', ');
    const compiled = { name: list.name, index: list.index, items, substitution, source: list };
    compiledByName.set(list.name, compiled);
    ordered.push(compiled);
  }
  const oddNames = ordered.filter((list) => list.name !== '' && !LIST_NAME_REGEX.test(list.name));
  return { ordered, byName: new Map(ordered.map((list) => [list.name, list])), referencedByLists, oddNames };
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let idx = 0; idx < a.length; idx++) {
    if (a[idx] !== b[idx]) {
      return false;
    }
  }
  return true;
}

const BLANKS = ' \t\n\r';
const DELIMS = ' \t\n\r(),=';

/** The result of substitution: the new text and the lists that were used. */
export interface Substituted {
  text: SourcedText;
  /** Shared between results of the same plan: do not modify. */
  used: CompiledList[];
  /** Where each substituted name was written: file and offset of its first character. */
  occurrences: { list: CompiledList; file: number; offset: number }[];
}

/**
 * How one condition text is substituted: the final text, for each of its characters the
 * index of the original character it came from (generated text: the list name's first
 * character), and each substituted name with its original index.
 */
interface SubstitutionPlan {
  text: string;
  origin: Int32Array;
  occurrences: { list: CompiledList; originIdx: number }[];
  used: CompiledList[];
}

/**
 * A plan and what it was made from: every name looked up in the table, with the answer
 * (flattened pairs), and the table's odd names. Under another table giving the same
 * answers (the same compiled list objects) the plan is the same.
 */
interface PlanEntry {
  plan: SubstitutionPlan;
  /** Lookups of the text's tokens, then (shared) those of each substituted list's items. */
  lookups: Lookups[];
  oddNames: CompiledList[];
  /** Tables the plan is known to hold under. */
  tables: ListTable[];
}

/** Names looked up in a table and the answers, flattened: `[name, list or undefined, …]`. */
type Lookups = (string | CompiledList | undefined)[];

/** A list's substitution looked up in one table: the lists its items name, and the lookups. */
interface ResolvedItems {
  hits: CompiledList[];
  lookups: Lookups;
}

/** Per table, per compiled list: its items looked up (a big list is substituted into many conditions). */
let itemsByTable = new WeakMap<ListTable, Map<CompiledList, ResolvedItems>>();

/** Plans by condition text. */
let planCache = new Map<string, PlanEntry[]>();
const MAX_PLANS = 20000;
const MAX_TABLES_PER_PLAN = 8;

/** Forgets the substitution plans and compiled lists (benchmarks measure cold loads with it). */
export function clearPlanCache(): void {
  planCache = new Map();
  compiledByName = new Map();
  itemsByTable = new WeakMap();
}

/** Substitutes every list name in `condition`, iterating lists in index order like Falco. */
export function substituteLists(condition: SourcedText, table: ListTable): Substituted {
  const plan = planFor(condition.text, table);
  if (plan.occurrences.length === 0) {
    return { text: condition, used: plan.used, occurrences: [] };
  }
  const occurrences = plan.occurrences.map((occurrence) => {
    const at = condition.at(occurrence.originIdx);
    return { list: occurrence.list, file: at.file, offset: at.offset };
  });
  return { text: SourcedText.derived(plan.text, condition, plan.origin), used: plan.used, occurrences };
}

function planFor(text: string, table: ListTable): SubstitutionPlan {
  let entries = planCache.get(text);
  if (entries !== undefined) {
    for (const entry of entries) {
      if (entry.tables.includes(table)) {
        return entry.plan;
      }
    }
    for (const entry of entries) {
      if (holdsUnder(entry, table)) {
        if (entry.tables.length >= MAX_TABLES_PER_PLAN) {
          entry.tables.shift();
        }
        entry.tables.push(table);
        return entry.plan;
      }
    }
  } else {
    if (planCache.size >= MAX_PLANS) {
      planCache = new Map();
    }
    entries = [];
    planCache.set(text, entries);
  }
  const lookups: Lookups[] = [];
  const plan = makePlan(text, table, lookups);
  if (entries.length >= MAX_TABLES_PER_PLAN) {
    entries.shift();
  }
  entries.push({ plan, lookups, oddNames: table.oddNames, tables: [table] });
  return plan;
}

function holdsUnder(entry: PlanEntry, table: ListTable): boolean {
  if (entry.oddNames.length !== table.oddNames.length || entry.oddNames.some((list, idx) => list !== table.oddNames[idx])) {
    return false;
  }
  for (const lookups of entry.lookups) {
    for (let idx = 0; idx < lookups.length; idx += 2) {
      if (table.byName.get(lookups[idx] as string) !== lookups[idx + 1]) {
        return false;
      }
    }
  }
  return true;
}

/** The lists named by `list`'s items in `table`, and the lookups that found them. */
function resolvedItems(list: CompiledList, table: ListTable): ResolvedItems {
  let byList = itemsByTable.get(table);
  if (byList === undefined) {
    byList = new Map();
    itemsByTable.set(table, byList);
  }
  let resolved = byList.get(list);
  if (resolved === undefined) {
    resolved = { hits: [], lookups: [] };
    for (const token of tokensOf(list.substitution)) {
      const named = table.byName.get(token);
      resolved.lookups.push(token, named);
      if (named !== undefined) {
        resolved.hits.push(named);
      }
    }
    byList.set(list, resolved);
  }
  return resolved;
}

/**
 * The distinct pieces of `text.split(/[ \t\n\r(),=]+/)`, in order of first appearance. Not
 * cached: a text is planned once per load, and a list's items once per table.
 */
function tokensOf(text: string): Set<string> {
  const seen = new Set<string>();
  let start = 0;
  for (let idx = 0; idx <= text.length; idx++) {
    if (idx === text.length || isDelimiter(text.charCodeAt(idx))) {
      // A run of delimiters splits once: empty pieces only at the ends, as split gives them.
      if (idx > start || start === 0 || idx === text.length) {
        seen.add(text.slice(start, idx));
      }
      while (idx + 1 < text.length && isDelimiter(text.charCodeAt(idx + 1))) {
        idx++;
      }
      start = idx + 1;
    }
  }
  return seen;
}

/** The delimiters Falco splits on: blanks, parentheses, comma, equals (`[ \t\n\r(),=]`). */
function isDelimiter(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 40 || code === 41 || code === 44 || code === 61;
}

const EMPTY_ORIGIN = new Int32Array(0);
const NOTHING_USED: CompiledList[] = [];

function makePlan(original: string, table: ListTable, lookups: Lookups[]): SubstitutionPlan {
  // Step 1: candidates. A valid list name contains no delimiter, so it can only appear as a
  // whole delimited token; lists with odd names are searched for as plain substrings.
  const pending = new Set<CompiledList>(table.oddNames);
  const own: Lookups = [];
  for (const token of tokensOf(original)) {
    const list = table.byName.get(token);
    own.push(token, list);
    if (list !== undefined) {
      pending.add(list);
    }
  }
  lookups.push(own);
  const occurrences: SubstitutionPlan['occurrences'] = [];
  if (pending.size === 0) {
    // Nothing to substitute (most conditions): the origin map is never read.
    return { text: original, origin: EMPTY_ORIGIN, occurrences, used: NOTHING_USED };
  }
  const identity = new Int32Array(original.length + 1);
  for (let idx = 0; idx <= original.length; idx++) {
    identity[idx] = idx;
  }
  let current: { text: string; origin: Int32Array } = { text: original, origin: identity };
  let lastIndex = -1;
  // Step 2: substitute in index order; substituted items may name later lists.
  for (;;) {
    let next: CompiledList | undefined;
    for (const list of pending) {
      if (list.index > lastIndex && (next === undefined || list.index < next.index)) {
        next = list;
      }
    }
    if (next === undefined) {
      break;
    }
    pending.delete(next);
    lastIndex = next.index;
    const result = resolveList(current, next, occurrences);
    if (result !== undefined) {
      current = result;
      const items = resolvedItems(next, table);
      lookups.push(items.lookups);
      for (const hit of items.hits) {
        pending.add(hit);
      }
    }
  }
  const used = occurrences.length === 0 ? NOTHING_USED : [...new Set(occurrences.map((occurrence) => occurrence.list))];
  return { text: current.text, origin: current.origin, occurrences, used };
}

/** Falco's `resolve_list` for one list; undefined when the name does not occur. */
function resolveList(
  condition: { text: string; origin: Int32Array },
  list: CompiledList,
  occurrences: SubstitutionPlan['occurrences'],
): { text: string; origin: Int32Array } | undefined {
  let cnd = condition.text;
  let origin = condition.origin;
  let start = cnd.indexOf(list.name);
  let usedList = false;
  while (start !== -1) {
    let end = start + list.name.length;
    const boundedLeft = start === 0 || DELIMS.includes(cnd[start - 1]);
    const boundedRight = end >= cnd.length || DELIMS.includes(cnd[end]);
    if (list.name !== '' && boundedLeft && boundedRight) {
      const nameOrigin = origin[start];
      occurrences.push({ list, originIdx: nameOrigin });
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
      const prefix = start > 0 ? `${cnd.slice(0, start)} ` : '';
      const generated = `${sub} `;
      const rest = cnd.slice(end);
      const next = new Int32Array(prefix.length + generated.length + rest.length + 1);
      next.set(origin.subarray(0, start), 0);
      next.fill(nameOrigin, start, prefix.length + generated.length);
      next.set(origin.subarray(end, cnd.length + 1), prefix.length + generated.length);
      cnd = prefix + generated + rest;
      origin = next;
      start += sub.length + 1;
      usedList = true;
    }
    start = cnd.indexOf(list.name, start + 1);
  }
  return usedList ? { text: cnd, origin } : undefined;
}
