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
import { NameFilter, somePiece } from './namePieces';
import { originMap, resolveList, startRewriting, type PlannedOccurrence } from './resolveList';

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
  /** A pre-test for pieces of text that may be one of the names (see namePieces.ts). */
  nameFilter: NameFilter;
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
    // An unchanged list (most, from the second file prefix on) is compared, not rebuilt.
    const previous = compiledByName.get(list.name);
    if (previous !== undefined && previous.index === list.index && expandsTo(list, collectedByName, previous.items, referencedByLists)) {
      ordered.push(previous);
      continue;
    }
    const items = expandedItems(list, collectedByName, referencedByLists);
    const substitution = items.map((value) => (needsQuotes(value) ? `"${value}"` : value)).join(', ');
    const compiled = { name: list.name, index: list.index, items, substitution, source: list };
    compiledByName.set(list.name, compiled);
    ordered.push(compiled);
  }
  const oddNames = ordered.filter((list) => list.name !== '' && !LIST_NAME_REGEX.test(list.name));
  const byName = new Map(ordered.map((list) => [list.name, list]));
  return { ordered, byName, referencedByLists, oddNames, nameFilter: new NameFilter(byName.keys()) };
}

/**
 * A list's items, where an item naming a list visible to it is replaced by that list's raw
 * items (one level only); notes the lists so referenced.
 */
function expandedItems(list: CollectedList, byName: ReadonlyMap<string, CollectedList>, referenced: Set<string>): string[] {
  const items: string[] = [];
  for (const item of list.items) {
    const ref = byName.get(item.value);
    if (ref !== undefined && ref.index < list.visibility) {
      for (const refItem of ref.items) {
        items.push(refItem.value);
      }
      referenced.add(ref.name);
    } else {
      items.push(item.value);
    }
  }
  return items;
}

/** Whether `expandedItems` would give `expected` (noting the referenced lists the same way). */
function expandsTo(list: CollectedList, byName: ReadonlyMap<string, CollectedList>, expected: readonly string[], referenced: Set<string>): boolean {
  let at = 0;
  for (const item of list.items) {
    const ref = byName.get(item.value);
    if (ref !== undefined && ref.index < list.visibility) {
      referenced.add(ref.name);
      for (const refItem of ref.items) {
        if (expected[at++] !== refItem.value) {
          return false;
        }
      }
    } else if (expected[at++] !== item.value) {
      return false;
    }
  }
  return at === expected.length;
}

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
  occurrences: PlannedOccurrence[];
  used: CompiledList[];
}

/** A plan and the tables it is known to hold under (most recent last). */
interface PlanEntry {
  plan: SubstitutionPlan;
  tables: ListTable[];
}

/** Plans by condition text. */
let planCache = new Map<string, PlanEntry[]>();
const MAX_PLANS = 20000;
const MAX_TABLES_PER_PLAN = 8;

/** What differs between two tables with the same odd names: the names whose list differs. */
interface Changes {
  names: Set<string>;
  filter: NameFilter;
  /** Per compiled list: whether its substitution names one of them. */
  inSubstitution: Map<CompiledList, boolean>;
}

/**
 * Per pair of tables (newer, then older): what differs, or null when their odd names differ.
 * Weak both ways: tables come and go with edits.
 */
let changesByTable = new WeakMap<ListTable, WeakMap<ListTable, Changes | null>>();

/** Per table, per compiled list: the lists its items name (a big list is substituted into many conditions). */
let hitsByTable = new WeakMap<ListTable, Map<CompiledList, CompiledList[]>>();

/** Forgets the substitution plans and compiled lists (benchmarks measure cold loads with it). */
export function clearPlanCache(): void {
  planCache = new Map();
  compiledByName = new Map();
  changesByTable = new WeakMap();
  hitsByTable = new WeakMap();
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
  const entries = planCache.get(text);
  if (entries !== undefined) {
    for (const entry of entries) {
      if (entry.tables.includes(table)) {
        return entry.plan;
      }
    }
    for (const entry of entries) {
      if (holdsUnder(entry, text, table)) {
        // New arrays rather than `push`: these are kept, and a pushed array has room for 17.
        entry.tables = [...entry.tables.slice(1 - MAX_TABLES_PER_PLAN), table];
        return entry.plan;
      }
    }
  }
  const plan = makePlan(text, table);
  const entry = { plan, tables: [table] };
  if (entries !== undefined) {
    planCache.set(text, [...entries.slice(1 - MAX_TABLES_PER_PLAN), entry]);
  } else {
    if (planCache.size >= MAX_PLANS) {
      planCache = new Map();
    }
    planCache.set(text, [entry]);
  }
  return plan;
}

/**
 * Whether a plan made under one of `entry.tables` holds under `table`: the plan looked up
 * only the delimited pieces of the text and of the used lists' substitutions, so it holds
 * when none of those pieces names a list that differs between the two tables.
 */
function holdsUnder(entry: PlanEntry, text: string, table: ListTable): boolean {
  for (let idx = entry.tables.length - 1; idx >= 0; idx--) {
    if (substitutesAlike(text, entry.plan.used, entry.tables[idx], table)) {
      return true;
    }
  }
  return false;
}

/**
 * Whether `text`, substituted under `older` with the lists `used`, is substituted the same
 * way under `newer` (same text, same occurrences of the same list objects). Substitution
 * looks up only the delimited pieces of the text and of the used lists' substitutions (and
 * the odd-named lists), so it is when none of those pieces names a list that differs
 * between the two tables. Callers that keep a substitution use it to skip substituting again.
 */
export function substitutesAlike(text: string, used: readonly CompiledList[], older: ListTable, newer: ListTable): boolean {
  if (older === newer) {
    return true;
  }
  const changes = changesBetween(older, newer);
  return changes !== null && !namesAnyOf(text, changes) && !used.some((list) => substitutionNamesAnyOf(list, changes));
}

function namesAnyOf(text: string, changes: Changes): boolean {
  return changes.names.size > 0 && somePiece(text, changes.filter, (piece) => changes.names.has(piece));
}

function substitutionNamesAnyOf(list: CompiledList, changes: Changes): boolean {
  let names = changes.inSubstitution.get(list);
  if (names === undefined) {
    names = namesAnyOf(list.substitution, changes);
    changes.inSubstitution.set(list, names);
  }
  return names;
}

/** What differs between `older` and `newer`; null when their odd names differ. */
function changesBetween(older: ListTable, newer: ListTable): Changes | null {
  let byOlder = changesByTable.get(newer);
  if (byOlder === undefined) {
    byOlder = new WeakMap();
    changesByTable.set(newer, byOlder);
  }
  let changes = byOlder.get(older);
  if (changes === undefined) {
    const sameOdd = older.oddNames.length === newer.oddNames.length && older.oddNames.every((list, idx) => list === newer.oddNames[idx]);
    const names = sameOdd ? differingNames(older.byName, newer.byName) : undefined;
    changes = names === undefined ? null : { names, filter: new NameFilter(names), inSubstitution: new Map() };
    byOlder.set(older, changes);
  }
  return changes;
}

function differingNames(older: ReadonlyMap<string, CompiledList>, newer: ReadonlyMap<string, CompiledList>): Set<string> {
  const names = new Set<string>();
  for (const [name, list] of newer) {
    if (older.get(name) !== list) {
      names.add(name);
    }
  }
  for (const name of older.keys()) {
    if (!newer.has(name)) {
      names.add(name);
    }
  }
  return names;
}

/** Adds to `into` the lists of `table` named by a delimited piece of `text`, each once. */
function addNamedLists(text: string, table: ListTable, into: CompiledList[]): void {
  somePiece(text, table.nameFilter, (piece) => {
    const list = table.byName.get(piece);
    if (list !== undefined && !into.includes(list)) {
      into.push(list);
    }
    return false;
  });
}

/** The lists named by `list`'s items in `table` (computed once per table and list). */
function itemHits(list: CompiledList, table: ListTable): CompiledList[] {
  let byList = hitsByTable.get(table);
  if (byList === undefined) {
    byList = new Map();
    hitsByTable.set(table, byList);
  }
  let hits = byList.get(list);
  if (hits === undefined) {
    hits = [];
    addNamedLists(list.substitution, table, hits);
    byList.set(list, hits);
  }
  return hits;
}

/** The plan of every text that names no list (most): `substituteLists` returns the text itself. */
const UNCHANGED: SubstitutionPlan = { text: '', origin: new Int32Array(0), occurrences: [], used: [] };

function makePlan(original: string, table: ListTable): SubstitutionPlan {
  // Step 1: candidates, by their names' pieces; lists with odd names are searched for as
  // plain substrings.
  const pending: CompiledList[] = [...table.oddNames];
  addNamedLists(original, table, pending);
  if (pending.length === 0) {
    return UNCHANGED;
  }
  const rewriting = startRewriting(original);
  const occurrences: PlannedOccurrence[] = [];
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
    lastIndex = next.index;
    if (resolveList(rewriting, next, occurrences)) {
      for (const hit of itemHits(next, table)) {
        if (!pending.includes(hit)) {
          pending.push(hit);
        }
      }
    }
  }
  if (occurrences.length === 0) {
    return UNCHANGED;
  }
  const used = [...new Set(occurrences.map((occurrence) => occurrence.list))];
  return { text: rewriting.text, origin: originMap(rewriting), occurrences, used };
}
