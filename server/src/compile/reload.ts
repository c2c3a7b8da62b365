/**
 * Reloading after an edit that only replaced rule definitions, the usual keystroke inside a
 * rule: when every file reads to the same records as in the last load except some rule
 * `define` items, each the only item of its rule's name in all files, and the new
 * definitions collect without a problem, the last load's collection is kept with those
 * rules' records swapped, and each file prefix recompiles just those rules
 * (`recompileRules`). Anything else returns undefined and the caller loads in full. It
 * decides nothing about Falco's semantics beyond what the collector gives for one item.
 */
import { Collector, type CollectedRule, type SourceInfo } from '../rules/collector';
import { type RawProblem } from '../rules/problems';
import { type ReadEvent } from '../rules/reader';
import { recompileRules, type CompileResult } from './compiler';
import { type FieldCatalog } from '../fields';

/** What a load that compiled after each file leaves for the next one. */
export interface LoadMemo {
  catalog: FieldCatalog;
  /** Each file's read events (the read cache gives the same array for the same text). */
  events: ReadEvent[][];
  /** Each file's reading and collecting problems. */
  readProblems: RawProblem[][];
  /** Each file prefix's compilation (only the last one is complete). */
  compiled: CompileResult[];
  collector: Collector;
}

/** Per read of a file (its events array): how many rule items each name has. */
let ruleItemCounts = new WeakMap<readonly ReadEvent[], Map<string, number>>();

/** Forgets the rule item counts (a cold load starts without them). */
export function clearReloadCaches(): void {
  ruleItemCounts = new WeakMap();
}

/**
 * The rule item counts of `now`, a read that `noteChangedRules` accepted against `before`:
 * the same rule names at the same places, so the counts of `before` hold and a keystroke
 * does not count every file's items again.
 */
function ruleCountsOf(now: readonly ReadEvent[], before: readonly ReadEvent[]): Map<string, number> {
  let counts = ruleItemCounts.get(now) ?? ruleItemCounts.get(before);
  if (counts === undefined) {
    counts = new Map();
    for (const event of now) {
      if (event.kind === 'item' && event.item.kind === 'rule') {
        counts.set(event.item.name, (counts.get(event.item.name) ?? 0) + 1);
      }
    }
  }
  ruleItemCounts.set(now, counts);
  return counts;
}

/**
 * Adds to `changed` the names of rules whose definition differs between two reads of a
 * file; false when anything else differs (any other item, a problem, the number of events).
 */
export function noteChangedRules(before: readonly ReadEvent[] | undefined, after: readonly ReadEvent[], changed: Set<string>): boolean {
  if (before === after) {
    return true;
  }
  if (before === undefined || before.length !== after.length) {
    return false;
  }
  for (let idx = 0; idx < after.length; idx++) {
    const old = before[idx];
    const now = after[idx];
    if (old === now) {
      continue;
    }
    if (old.kind !== 'item' || now.kind !== 'item' || old.item.kind !== 'rule' || now.item.kind !== 'rule') {
      return false;
    }
    if (old.item.mode !== 'define' || now.item.mode !== 'define' || old.item.name !== now.item.name) {
      return false;
    }
    changed.add(now.item.name);
  }
  return true;
}

/** The reload of `events` (one array per file) from `memo`, or undefined when it does not apply. */
export function reloadChangedRules(
  memo: LoadMemo,
  events: readonly ReadEvent[][],
  sources: SourceInfo,
  fileTexts: readonly string[],
): { collector: Collector; compiled: CompileResult[] } | undefined {
  if (memo.events.length !== events.length || memo.compiled.length !== events.length) {
    return undefined;
  }
  // Step 1: which rules changed, in which file.
  const changedIn: Set<string>[] = [];
  for (let fileIdx = 0; fileIdx < events.length; fileIdx++) {
    const names = new Set<string>();
    if (!noteChangedRules(memo.events[fileIdx], events[fileIdx], names)) {
      return undefined;
    }
    changedIn.push(names);
  }
  const changed = new Set(changedIn.flatMap((names) => [...names]));
  if (changed.size === 0) {
    return { collector: memo.collector, compiled: memo.compiled };
  }
  // Step 2: each changed rule has one item in all files, and its new definition collects
  // without a problem where the old one did too.
  const fresh = new Map<string, CollectedRule>();
  const counts = events.map((fileEvents, fileIdx) => ruleCountsOf(fileEvents, memo.events[fileIdx]));
  const itemCount = (name: string): number => counts.reduce((sum, fileCounts) => sum + (fileCounts.get(name) ?? 0), 0);
  for (let fileIdx = 0; fileIdx < events.length; fileIdx++) {
    if (changedIn[fileIdx].size > 0 && memo.readProblems[fileIdx].length > 0) {
      return undefined;
    }
    if (changedIn[fileIdx].size === 0) {
      continue;
    }
    const before = memo.events[fileIdx];
    const fileEvents = events[fileIdx];
    for (let idx = 0; idx < fileEvents.length; idx++) {
      const event = fileEvents[idx];
      // Only changed events can be changed rules (noteChangedRules compared them in place).
      if (event === before[idx] || event.kind !== 'item' || event.item.kind !== 'rule' || !changedIn[fileIdx].has(event.item.name)) {
        continue;
      }
      const name = event.item.name;
      const scratch = new Collector(sources);
      const old = memo.collector.rules.get(name);
      const rule = scratch.collect([event]).length === 0 ? scratch.rules.get(name) : undefined;
      if (itemCount(name) !== 1 || old === undefined || rule === undefined) {
        return undefined;
      }
      fresh.set(name, { ...rule, index: old.index, visibility: old.visibility });
    }
  }
  // Step 3: the collection with those records swapped, and each prefix recompiled.
  // Lists and macros shared, rules copied whole (a builtin copy; an entry loop costs far more
  // in code the editor has not run often enough to optimise), then the changed rules set in
  // place (same order).
  const collector = new Collector(sources, memo.collector);
  for (const [name, rule] of fresh) collector.rules.set(name, rule);
  collector.requiredEngineVersion = memo.collector.requiredEngineVersion;
  // The last prefix first: it compiles the changed rules in full, and earlier prefixes,
  // which only need problems, can then use equivalent compilations of them.
  const compiled: CompileResult[] = [];
  for (let fileIdx = events.length - 1; fileIdx >= 0; fileIdx--) {
    const prefix = new Set(changedIn.slice(0, fileIdx + 1).flatMap((names) => [...names]));
    const final = fileIdx === events.length - 1;
    const previous = memo.compiled[fileIdx];
    const current =
      prefix.size === 0 && !final ? previous : recompileRules(previous, { names: prefix, rule: (name) => fresh.get(name) }, fileTexts.slice(0, fileIdx + 1), memo.catalog, { problemsOnly: !final });
    if (current === undefined) {
      return undefined;
    }
    compiled[fileIdx] = current;
  }
  return { collector, compiled };
}
