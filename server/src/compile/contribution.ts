/**
 * What compiling one macro or one rule adds to a load's results (problems, and the macros
 * and lists it used, where), and the facts a compilation consulted that make it reusable
 * elsewhere: the list-substituted text with its list occurrences, and the answers to its
 * macro lookups. Two compilations that consulted equal facts from the same inputs produce
 * equal results, which is what lets a result compiled for one file prefix or load serve
 * another.
 *
 * Shaped by the cost of a cold load (about a thousand compilations, most adding nothing):
 * a contribution keeps the substitution's and resolution's own use arrays instead of copies,
 * builds `Reference` records only when a full result asks for them, and one that adds
 * nothing is the shared `NO_CONTRIBUTION`.
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

/** A list substituted into a condition, where its name was written (as `substituteLists` gives it). */
export type ListUse = Substituted['occurrences'][number];

/** A macro substituted into a condition, with the identifier written (as `resolveMacros` gives it). */
export type MacroUse = Resolution['resolved'][number];

/** What one compilation adds: never modified once made. */
export interface Contribution {
  readonly problems: readonly RawProblem[];
  readonly listUses: readonly ListUse[];
  readonly macroUses: readonly MacroUse[];
}

/** The shared empty array of contributions (never modified). */
export const NONE: readonly never[] = [];

/** The contribution of a compilation that adds nothing. */
export const NO_CONTRIBUTION: Contribution = { problems: NONE, listUses: NONE, macroUses: NONE };

/** A contribution of these parts (kept, not copied: the caller does not modify them afterwards). */
export function contributionOf(problems: readonly RawProblem[], listUses: readonly ListUse[], macroUses: readonly MacroUse[]): Contribution {
  if (problems.length === 0 && listUses.length === 0 && macroUses.length === 0) {
    return NO_CONTRIBUTION;
  }
  return { problems: problems.length === 0 ? NONE : problems, listUses: listUses.length === 0 ? NONE : listUses, macroUses: macroUses.length === 0 ? NONE : macroUses };
}

/** Adds the names of the macros and lists `contribution` uses to `macros` and `lists`. */
export function addUsedNames(contribution: Contribution, macros: Set<string>, lists: Set<string>): void {
  for (const use of contribution.listUses) lists.add(use.list.name);
  for (const use of contribution.macroUses) macros.add(use.name);
}

/** True when both contributions use the same macro names and the same list names. */
export function sameUsedNames(a: Contribution, b: Contribution): boolean {
  const names = (contribution: Contribution): { macros: Set<string>; lists: Set<string> } => {
    const used = { macros: new Set<string>(), lists: new Set<string>() };
    addUsedNames(contribution, used.macros, used.lists);
    return used;
  };
  const before = names(a);
  const after = names(b);
  return sameNames(before.macros, after.macros) && sameNames(before.lists, after.lists);
}

function sameNames(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) {
    return false;
  }
  for (const name of a) {
    if (!b.has(name)) {
      return false;
    }
  }
  return true;
}

/** Appends the references of `contribution` to `into`: its lists, then its macros, as compiled. */
export function pushReferences(contribution: Contribution, into: Reference[]): void {
  for (const use of contribution.listUses) {
    const name = use.list.name;
    into.push({ kind: 'list', name, span: { file: use.file, start: use.offset, end: use.offset + name.length } });
  }
  for (const use of contribution.macroUses) {
    into.push({ kind: 'macro', name: use.name, span: spanOf(use.node.origin.text, use.node.range) });
  }
}

/**
 * A substitution's outcome as far as compilation depends on it: the substitution itself,
 * kept (its text and occurrences are never modified), compared by text and by each list
 * occurrence's name, file and offset.
 */
export type SubstitutionFacts = Pick<Substituted, 'text' | 'occurrences'>;

export function sameSubstitution(substituted: Substituted, facts: SubstitutionFacts): boolean {
  if (substituted.text.text !== facts.text.text || substituted.occurrences.length !== facts.occurrences.length) {
    return false;
  }
  return substituted.occurrences.every((occurrence, idx) => {
    const other = facts.occurrences[idx];
    return occurrence.list.name === other.list.name && occurrence.file === other.file && occurrence.offset === other.offset;
  });
}

/** Stands for "no visible macro of that name" in recorded lookups. */
const NOT_VISIBLE = { notVisible: true };

/**
 * Content fingerprints of macro trees: two trees with the same fingerprint have the same
 * text and structure (their positions may differ), so a rule resolved through either finds
 * the same problems' existence and uses the same names. Small integers: a parsed tree takes
 * the fingerprint of its parser AST (the parse cache gives one AST per text), a resolved one
 * that of a short key naming its parsed tree and its lookups' answers, made when first asked
 * (most resolved trees never are).
 */
let fingerprints = new WeakMap<object, number>();
/** What a resolved tree's fingerprint is made from, until it is asked for. */
let deferred = new WeakMap<object, ResolutionFacts>();
const fingerprintIds = new Map<string, number>();
const MAX_FINGERPRINTS = 100000;
let nextId = 1;
let nextUnique = -3;

/** Forgets every fingerprint (ids are never reused, so nothing marked before can match). */
export function clearFingerprints(): void {
  fingerprints = new WeakMap();
  deferred = new WeakMap();
  fingerprintIds.clear();
}

/** A resolution's parsed tree and its recorded lookups (`recordingLookup`). */
export interface ResolutionFacts {
  readonly parsed: object;
  readonly lookups: readonly unknown[];
}

/**
 * Gives `tree`, resolved as `facts` say, the fingerprint of its parsed tree and lookup
 * answers, unless it has one already; made on first use.
 */
export function deferFingerprint(tree: object, facts: ResolutionFacts): void {
  if (!fingerprints.has(tree) && !deferred.has(tree)) {
    deferred.set(tree, facts);
  }
}

function resolvedFingerprint(facts: ResolutionFacts): number {
  let answers = '';
  for (let idx = 0; idx < facts.lookups.length; idx += 2) {
    answers += `${idx === 0 ? '' : ','}${String(facts.lookups[idx])}=${answerFingerprint(facts.lookups[idx + 1])}`;
  }
  return idForKey(`resolved\u0000${answerFingerprint(facts.parsed)}\u0000${answers}`);
}

function idForKey(key: string): number {
  let id = fingerprintIds.get(key);
  if (id === undefined) {
    if (fingerprintIds.size >= MAX_FINGERPRINTS) {
      // Ids are never reused, so trees marked before the clear only stop matching.
      fingerprintIds.clear();
    }
    id = nextId++;
    fingerprintIds.set(key, id);
  }
  return id;
}

/** Gives `tree` the fingerprint of `sameAs` (an object of equal content), unless it has one. */
export function shareFingerprint(tree: object, sameAs: object): void {
  if (fingerprints.has(tree)) {
    return;
  }
  let id = fingerprints.get(sameAs);
  if (id === undefined) {
    id = nextId++;
    fingerprints.set(sameAs, id);
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
    const facts = deferred.get(answer);
    // Without facts, never equal to anything else.
    id = facts !== undefined ? resolvedFingerprint(facts) : nextUnique--;
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
