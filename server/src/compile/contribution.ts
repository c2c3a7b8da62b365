/**
 * What compiling one macro or one rule adds to a load's results (problems, references,
 * used names), and the facts a compilation consulted that make it reusable elsewhere: the
 * list-substituted text with its list occurrences, and the answers to its macro lookups.
 * Two compilations that consulted equal facts from the same inputs produce equal results,
 * which is what lets a result compiled for one file prefix or load serve another.
 */
import { type Substituted } from '../expand/lists';
import { type MacroTree, type Resolution } from '../expand/macros';
import { type Span } from '../rules/items';
import { type RawProblem } from '../rules/problems';
import { spanOf } from './conditionText';

/** A reference to a macro or list, written at `span`. */
export interface Reference {
  kind: 'macro' | 'list';
  name: string;
  span: Span;
}

export interface Contribution {
  problems: RawProblem[];
  references: Reference[];
  usedMacros: Set<string>;
  usedLists: Set<string>;
}

export function newContribution(): Contribution {
  return { problems: [], references: [], usedMacros: new Set(), usedLists: new Set() };
}

/** Adds `from` to `into`; references only when `withReferences`. */
export function mergeContribution(into: Contribution, from: Contribution, withReferences = true): void {
  for (const problem of from.problems) into.problems.push(problem);
  if (withReferences) {
    for (const reference of from.references) into.references.push(reference);
  }
  for (const name of from.usedMacros) into.usedMacros.add(name);
  for (const name of from.usedLists) into.usedLists.add(name);
}

/** Notes the lists a substitution used, where their names were written. */
export function noteSubstitution(contribution: Contribution, substituted: Substituted): void {
  for (const occurrence of substituted.occurrences) {
    contribution.usedLists.add(occurrence.list.name);
    const span = { file: occurrence.file, start: occurrence.offset, end: occurrence.offset + occurrence.list.name.length };
    contribution.references.push({ kind: 'list', name: occurrence.list.name, span });
  }
}

/** Notes the macros a resolution substituted, where their names were written. */
export function noteResolution(contribution: Contribution, resolution: Resolution): void {
  for (const resolved of resolution.resolved) {
    contribution.usedMacros.add(resolved.name);
    contribution.references.push({ kind: 'macro', name: resolved.name, span: spanOf(resolved.node.origin.text, resolved.node.range) });
  }
}

/** A substitution's outcome as far as compilation depends on it. */
export interface SubstitutionFacts {
  text: string;
  /** Each list occurrence: name, file and offset, flattened. */
  occurrences: (string | number)[];
}

export function substitutionFacts(substituted: Substituted): SubstitutionFacts {
  const occurrences: (string | number)[] = [];
  for (const occurrence of substituted.occurrences) {
    occurrences.push(occurrence.list.name, occurrence.file, occurrence.offset);
  }
  return { text: substituted.text.text, occurrences };
}

export function sameSubstitution(substituted: Substituted, facts: SubstitutionFacts): boolean {
  if (substituted.text.text !== facts.text || substituted.occurrences.length * 3 !== facts.occurrences.length) {
    return false;
  }
  return substituted.occurrences.every(
    (occurrence, idx) => occurrence.list.name === facts.occurrences[idx * 3] && occurrence.file === facts.occurrences[idx * 3 + 1] && occurrence.offset === facts.occurrences[idx * 3 + 2],
  );
}

/** Stands for "no visible macro of that name" in recorded lookups. */
const NOT_VISIBLE = { notVisible: true };

/**
 * Content fingerprints of macro trees: two trees with the same fingerprint have the same
 * text and structure (their positions may differ), so a rule resolved through either finds
 * the same problems' existence and uses the same names. Small integers, one per distinct key.
 */
const fingerprints = new WeakMap<object, number>();
const fingerprintIds = new Map<string, number>();
const MAX_FINGERPRINTS = 100000;
let nextId = 1;
let nextUnique = -3;

/** Gives `tree` the fingerprint of `key` unless it has one already. */
export function setFingerprint(tree: object, key: string): void {
  if (fingerprints.has(tree)) {
    return;
  }
  let id = fingerprintIds.get(key);
  if (id === undefined) {
    if (fingerprintIds.size >= MAX_FINGERPRINTS) {
      // Ids are never reused, so trees marked before the clear only stop matching.
      fingerprintIds.clear();
    }
    id = nextId++;
    fingerprintIds.set(key, id);
  }
  fingerprints.set(tree, id);
}

/** The fingerprint of a lookup answer (`recordingLookup`): a tree's, or one for "none" or "failed". */
export function answerFingerprint(answer: unknown): number {
  if (answer === NOT_VISIBLE) {
    return -1;
  }
  if (answer === undefined || answer === null || typeof answer !== 'object') {
    return -2;
  }
  let id = fingerprints.get(answer);
  if (id === undefined) {
    // Never equal to anything else.
    id = nextUnique--;
    fingerprints.set(answer, id);
  }
  return id;
}

/** True when `visible` answers every recorded lookup with a tree of the recorded fingerprint. */
export function sameLookupFingerprints(visible: (name: string) => MacroTree | undefined, lookups: readonly unknown[], prints: readonly number[]): boolean {
  for (let idx = 0; idx < lookups.length; idx += 2) {
    const macro = visible(lookups[idx] as string);
    if (answerFingerprint(macro === undefined ? NOT_VISIBLE : macro.tree) !== prints[idx / 2]) {
      return false;
    }
  }
  return true;
}

/** The fingerprints of recorded lookups' answers. */
export function lookupFingerprints(lookups: readonly unknown[]): number[] {
  const prints: number[] = [];
  for (let idx = 1; idx < lookups.length; idx += 2) {
    prints.push(answerFingerprint(lookups[idx]));
  }
  return prints;
}

/**
 * Records the answers of a macro lookup function: `[name, answer, name, answer, …]`, the
 * answer being the macro's tree (undefined when it failed) or NOT_VISIBLE.
 */
export function recordingLookup(visible: (name: string) => MacroTree | undefined, lookups: unknown[]): (name: string) => MacroTree | undefined {
  return (name) => {
    const macro = visible(name);
    lookups.push(name, macro === undefined ? NOT_VISIBLE : macro.tree);
    return macro;
  };
}

/** True when `visible` answers every recorded lookup the same way. */
export function sameLookups(visible: (name: string) => MacroTree | undefined, lookups: readonly unknown[]): boolean {
  for (let idx = 0; idx < lookups.length; idx += 2) {
    const macro = visible(lookups[idx] as string);
    if ((macro === undefined ? NOT_VISIBLE : macro.tree) !== lookups[idx + 1]) {
      return false;
    }
  }
  return true;
}
