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
  /** Identifies the table's content: substitution plans are cached per signature. */
  signature: string;
  /** Lists whose names may contain delimiters (searched as plain substrings). */
  oddNames: CompiledList[];
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
  const signature = ordered.map((list) => `${list.name}\u0001${list.index}\u0001${list.substitution}`).join('\u0002');
  const oddNames = ordered.filter((list) => list.name !== '' && !LIST_NAME_REGEX.test(list.name));
  return { ordered, byName: new Map(ordered.map((list) => [list.name, list])), referencedByLists, signature, oddNames };
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

/**
 * How one condition text is substituted: the final text, for each of its characters the
 * index of the original character it came from (generated text: the list name's first
 * character), and each substituted name with its original index.
 */
interface SubstitutionPlan {
  text: string;
  origin: Int32Array;
  occurrences: { list: CompiledList; originIdx: number }[];
}

/**
 * Plans per list-table signature: a load compiling after each file uses one table per
 * prefix of the files, and each keeps its plans.
 */
const planCaches = new Map<string, Map<string, SubstitutionPlan>>();
const MAX_PLAN_TABLES = 16;
const MAX_PLANS = 20000;

/** Forgets the substitution plans (benchmarks measure cold loads with it). */
export function clearPlanCache(): void {
  planCaches.clear();
}

/** Substitutes every list name in `condition`, iterating lists in index order like Falco. */
export function substituteLists(condition: SourcedText, table: ListTable): Substituted {
  let plans = planCaches.get(table.signature);
  if (plans === undefined || plans.size > MAX_PLANS) {
    if (planCaches.size >= MAX_PLAN_TABLES) {
      planCaches.clear();
    }
    plans = new Map();
    planCaches.set(table.signature, plans);
  }
  let plan = plans.get(condition.text);
  if (plan === undefined) {
    plan = makePlan(condition.text, table);
    plans.set(condition.text, plan);
  }
  const occurrences = plan.occurrences.map((occurrence) => {
    const at = condition.at(occurrence.originIdx);
    return { list: occurrence.list, file: at.file, offset: at.offset };
  });
  const used = [...new Set(plan.occurrences.map((occurrence) => occurrence.list))];
  if (plan.occurrences.length === 0) {
    return { text: condition, used, occurrences };
  }
  const files = new Int32Array(plan.text.length + 1);
  const offsets = new Int32Array(plan.text.length + 1);
  for (let idx = 0; idx <= plan.text.length; idx++) {
    const originIdx = plan.origin[idx];
    files[idx] = condition.files[originIdx];
    offsets[idx] = condition.offsets[originIdx];
  }
  return { text: new SourcedText(plan.text, files, offsets), used, occurrences };
}

const EMPTY_ORIGIN = new Int32Array(0);

function makePlan(original: string, table: ListTable): SubstitutionPlan {
  // Step 1: candidates. A valid list name contains no delimiter, so it can only appear as a
  // whole delimited token; lists with odd names are searched for as plain substrings.
  const pending = new Set<CompiledList>(table.oddNames);
  const addTokens = (text: string): void => {
    for (const token of text.split(TOKEN_SPLIT)) {
      const list = table.byName.get(token);
      if (list !== undefined) {
        pending.add(list);
      }
    }
  };
  addTokens(original);
  const occurrences: SubstitutionPlan['occurrences'] = [];
  if (pending.size === 0) {
    // Nothing to substitute (most conditions): the origin map is never read.
    return { text: original, origin: EMPTY_ORIGIN, occurrences };
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
      addTokens(next.substitution);
    }
  }
  return { text: current.text, origin: current.origin, occurrences };
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
