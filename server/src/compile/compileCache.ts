/**
 * The compiler's memory across loads. Records read from unchanged items keep their identity
 * (the read cache and anchors see to it), so the compiler can tell an unchanged input by
 * comparing references, without building or hashing key strings:
 *   - an environment (the compiled lists and the macro stage) is reused while the collected
 *     lists and macros are made of the same records with the same numbering;
 *   - a rule's compilation is reused while the rule is made of the same records with the
 *     same flags, under the same environment, or under another environment (another file
 *     prefix) that gives the same substitution and the same answers to the rule's macro
 *     lookups (`contribution.ts`); where only problems and used names are wanted, a
 *     problem-free compilation against macros of the same content (fingerprints) serves.
 * Inputs are copied when stored: the collector keeps appending to the records of a load
 * that compiles after each file. It does not compile anything itself.
 */
import { substituteLists, substitutesAlike, type ListTable, type Substituted } from '../expand/lists';
import { type MacroTree } from '../expand/macros';
import { type CollectedList, type CollectedMacro, type CollectedRule } from '../rules/collector';
import { type ExceptionInfo } from '../rules/items';
import { type SourcedText } from '../rules/sourcedText';
import { type RawProblem } from '../rules/problems';
import { type RuleCompileResult } from './compiler';
import { lookupFingerprints, sameLookupFingerprints, sameLookups, sameSubstitution, type Contribution, type SubstitutionFacts } from './contribution';

/** The compiled lists and macros of a collection: what every rule is compiled against. */
export interface Env {
  /** Unique per environment: rule entries remember under which ones they hold. */
  generation: number;
  lists: ListTable;
  macroTrees: Map<string, MacroTree>;
  /** The macro stage's contributions that add something, in order (for references). */
  parts: readonly Contribution[];
  /** Their problems, in order. */
  problems: readonly RawProblem[];
  /** The names they use, plus the lists spliced into other lists. */
  usedMacros: ReadonlySet<string>;
  usedLists: ReadonlySet<string>;
  /** True when a macro failed (no tree): only then can a rule's tree hold a broken node. */
  macroFailed: boolean;
}

/** A flat copy of everything the environment depends on, compared element by element. */
export type EnvInputs = unknown[];

/** The inputs of the environment of `lists` and `macros` (both in index order). */
export function envInputs(lists: readonly CollectedList[], macros: readonly CollectedMacro[]): EnvInputs {
  // Sized first: grown by push, the array would be copied several times on the way.
  let size = 2 + 4 * (lists.length + macros.length);
  for (const list of lists) size += list.items.length;
  for (const macro of macros) size += macro.condition.length;
  const inputs: unknown[] = new Array(size);
  inputs[0] = lists.length;
  inputs[1] = macros.length;
  let at = 2;
  for (const list of lists) {
    at = putRecord(inputs, at, list.name, list.index, list.visibility, list.items);
  }
  for (const macro of macros) {
    at = putRecord(inputs, at, macro.name, macro.index, macro.visibility, macro.condition);
  }
  return inputs;
}

function putRecord(inputs: unknown[], at: number, name: string, index: number, visibility: number, parts: readonly object[]): number {
  inputs[at] = name;
  inputs[at + 1] = index;
  inputs[at + 2] = visibility;
  inputs[at + 3] = parts.length;
  for (let idx = 0; idx < parts.length; idx++) {
    inputs[at + 4 + idx] = parts[idx];
  }
  return at + 4 + parts.length;
}

/** `envInputs(lists, macros)` equals `inputs`, checked without building it. */
function sameEnvInputs(inputs: EnvInputs, lists: readonly CollectedList[], macros: readonly CollectedMacro[]): boolean {
  if (inputs[0] !== lists.length || inputs[1] !== macros.length) {
    return false;
  }
  let at = 2;
  for (const list of lists) {
    if (inputs[at] !== list.name || inputs[at + 1] !== list.index || inputs[at + 2] !== list.visibility || inputs[at + 3] !== list.items.length) {
      return false;
    }
    at += 4;
    for (const item of list.items) {
      if (inputs[at++] !== item) {
        return false;
      }
    }
  }
  for (const macro of macros) {
    if (inputs[at] !== macro.name || inputs[at + 1] !== macro.index || inputs[at + 2] !== macro.visibility || inputs[at + 3] !== macro.condition.length) {
      return false;
    }
    at += 4;
    for (const part of macro.condition) {
      if (inputs[at++] !== part) {
        return false;
      }
    }
  }
  return at === inputs.length;
}

/** Whether `inputs` holds `parts` at `at` (count first): the offset after them, or -1. */
function sameRun(inputs: readonly unknown[], at: number, parts: readonly unknown[]): number {
  if (inputs[at] !== parts.length) {
    return -1;
  }
  for (let idx = 0; idx < parts.length; idx++) {
    if (inputs[at + 1 + idx] !== parts[idx]) {
      return -1;
    }
  }
  return at + 1 + parts.length;
}

const MAX_CACHED_ENVS = 16;

/** Environments by their inputs (a load compiling after each file uses one per file prefix). */
export class EnvCache {
  private m_entries: { inputs: EnvInputs; env: Env }[] = [];
  private m_generation = 0;

  /** The environment built from exactly these lists and macros, if one is cached (most recent first). */
  find(lists: readonly CollectedList[], macros: readonly CollectedMacro[]): Env | undefined {
    for (let idx = this.m_entries.length - 1; idx >= 0; idx--) {
      const entry = this.m_entries[idx];
      if (sameEnvInputs(entry.inputs, lists, macros)) {
        return entry.env;
      }
    }
    return undefined;
  }

  /** Stores a new environment; returns it with its generation set. */
  add(inputs: EnvInputs, parts: Omit<Env, 'generation'>): Env {
    const env = { ...parts, generation: ++this.m_generation };
    if (this.m_entries.length >= MAX_CACHED_ENVS) {
      this.m_entries.shift();
    }
    this.m_entries.push({ inputs, env });
    return env;
  }

  clear(): void {
    this.m_entries = [];
  }
}

/**
 * A rule's inputs as they were when it was compiled, in one flat array (one allocation per
 * rule): source, flags, span, the condition and output parts (each count first), then each
 * exception with a copy of its values (merged exceptions are new records each load).
 */
type RuleInputs = unknown[];

function ruleInputs(rule: CollectedRule): RuleInputs {
  let size = 6 + rule.condition.length + rule.output.length;
  for (const exception of rule.exceptions) size += 2 + exception.values.length;
  const inputs: unknown[] = new Array(size);
  inputs[0] = rule.source;
  inputs[1] = ruleFlags(rule);
  inputs[2] = rule.span;
  let at = 3;
  inputs[at++] = rule.condition.length;
  for (const part of rule.condition) inputs[at++] = part;
  inputs[at++] = rule.output.length;
  for (const part of rule.output) inputs[at++] = part;
  inputs[at++] = rule.exceptions.length;
  for (const exception of rule.exceptions) {
    inputs[at++] = exception;
    inputs[at++] = exception.values.length;
    for (const value of exception.values) inputs[at++] = value;
  }
  return inputs;
}

export interface CachedRule {
  result: RuleCompileResult;
  contribution: Contribution;
}

/** What a rule's compilation consulted of its environment. */
export interface RuleDeps {
  /** The condition with exceptions merged, when compilation got as far as substituting lists. */
  condition?: SourcedText;
  substitution?: Substituted;
  /** Macro lookups and their answers (`recordingLookup`). */
  lookups: unknown[];
}

/** Same list names substituted, wherever they were written. */
function sameListNames(substituted: Substituted, facts: SubstitutionFacts): boolean {
  return (
    substituted.text.text === facts.text.text &&
    substituted.occurrences.length === facts.occurrences.length &&
    substituted.occurrences.every((occurrence, idx) => occurrence.list.name === facts.occurrences[idx].list.name)
  );
}

/**
 * True when compiling under `env` would find the same problems (here: none) and use the same
 * names as `deps` records, though maybe at other positions: the same substituted text and
 * lists, and macros of the same fingerprints.
 */
function equivalentDeps(deps: RuleDeps, lists: ListTable, prints: readonly number[], env: Env): boolean {
  if (!substitutionHolds(deps, lists, env, sameListNames)) {
    return false;
  }
  return sameLookupFingerprints((name) => env.macroTrees.get(name), deps.lookups, prints);
}

/** True when compiling under `env` would consult the same facts as `deps` records. */
function sameDeps(deps: RuleDeps, lists: ListTable, env: Env): boolean {
  if (!substitutionHolds(deps, lists, env, sameSubstitution)) {
    return false;
  }
  return sameLookups((name) => env.macroTrees.get(name), deps.lookups);
}

/**
 * True when substituting the condition (if compilation got that far) under `env`'s lists
 * gives what `deps` records, as `same` compares; `lists` is the table it was recorded under.
 */
function substitutionHolds(deps: RuleDeps, lists: ListTable, env: Env, same: (substituted: Substituted, facts: SubstitutionFacts) => boolean): boolean {
  if (deps.condition === undefined) {
    return true;
  }
  if (deps.substitution === undefined) {
    return false;
  }
  // Most rules, from one file prefix to the next, are known to be substituted alike without
  // substituting again.
  return substitutesAlike(deps.condition.text, deps.substitution.used, lists, env.lists) || same(substituteLists(deps.condition, env.lists), deps.substitution);
}

function ruleFlags(rule: CollectedRule): number {
  return (rule.unknownSource ? 1 : 0) | (rule.skipIfUnknownFilter ? 2 : 0) | (rule.warnEvttypes ? 4 : 0);
}

function sameException(a: ExceptionInfo, b: ExceptionInfo): boolean {
  return a.name === b.name && a.span === b.span && a.fields === b.fields && a.comps === b.comps && a.hasValues === b.hasValues;
}

/** `ruleInputs(rule)` equals `inputs`, checked without building it. */
function sameInputs(rule: CollectedRule, inputs: RuleInputs): boolean {
  if (inputs[0] !== rule.source || inputs[1] !== ruleFlags(rule) || inputs[2] !== rule.span) {
    return false;
  }
  let at = sameRun(inputs, 3, rule.condition);
  at = at < 0 ? at : sameRun(inputs, at, rule.output);
  if (at < 0 || inputs[at++] !== rule.exceptions.length) {
    return false;
  }
  for (const exception of rule.exceptions) {
    if (!sameException(exception, inputs[at++] as ExceptionInfo) || inputs[at++] !== exception.values.length) {
      return false;
    }
    for (const value of exception.values) {
      if (inputs[at++] !== value) {
        return false;
      }
    }
  }
  return true;
}

const MAX_ENTRIES_PER_RULE = 8;
const MAX_GENERATIONS_PER_ENTRY = 16;
const MAX_RULE_NAMES = 20000;

interface RuleEntry {
  inputs: RuleInputs;
  deps: RuleDeps;
  /** The list table `deps.substitution` was made under. */
  lists: ListTable;
  /** Fingerprints of the lookups' answers (`equivalentDeps`), computed on first use. */
  prints: number[] | undefined;
  /** Environments under which the entry is known to hold, and known not to. */
  generations: number[];
  rejected: number[];
  value: CachedRule;
}

/** Rule compilations by rule name, each checked against the rule's current inputs. */
export class RuleCache {
  private readonly m_byName = new Map<string, RuleEntry[]>();

  /** A compilation of `rule` that holds under `env`, if one is cached. */
  get(rule: CollectedRule, env: Env): CachedRule | undefined {
    const entries = this.m_byName.get(rule.name);
    if (entries === undefined) {
      return undefined;
    }
    // Known answers first: checking dependencies costs a list substitution.
    let candidates: RuleEntry[] | undefined;
    for (let idx = entries.length - 1; idx >= 0; idx--) {
      const entry = entries[idx];
      if (entry.generations.includes(env.generation)) {
        if (sameInputs(rule, entry.inputs)) {
          return entry.value;
        }
      } else if (!entry.rejected.includes(env.generation)) {
        (candidates ??= []).push(entry);
      }
    }
    for (const entry of candidates ?? []) {
      if (!sameInputs(rule, entry.inputs)) {
        continue;
      }
      const holds = sameDeps(entry.deps, entry.lists, env);
      const known = holds ? entry.generations : entry.rejected;
      if (known.length >= MAX_GENERATIONS_PER_ENTRY) {
        known.shift();
      }
      known.push(env.generation);
      if (holds) {
        return entry.value;
      }
    }
    return undefined;
  }

  /**
   * For a compilation that only needs problems and used names: a problem-free compilation of
   * `rule` under another environment whose lists and macros have the same content there.
   * Its references and trees belong to that other environment.
   */
  getEquivalent(rule: CollectedRule, env: Env): CachedRule | undefined {
    const entries = this.m_byName.get(rule.name) ?? [];
    for (let idx = entries.length - 1; idx >= 0; idx--) {
      const entry = entries[idx];
      if (entry.value.contribution.problems.length > 0 || !sameInputs(rule, entry.inputs)) {
        continue;
      }
      entry.prints ??= lookupFingerprints(entry.deps.lookups);
      if (equivalentDeps(entry.deps, entry.lists, entry.prints, env)) {
        return entry.value;
      }
    }
    return undefined;
  }

  /** Stores the compilation of `rule` under `env`, with what it consulted. */
  set(rule: CollectedRule, env: Env, value: CachedRule, deps: RuleDeps): void {
    const inputs = ruleInputs(rule);
    // The lookups copied to their exact size (the recording array grew with slack).
    const entry: RuleEntry = { inputs, deps: { condition: deps.condition, substitution: deps.substitution, lookups: deps.lookups.slice() }, lists: env.lists, prints: undefined, generations: [env.generation], rejected: [], value };
    const entries = this.m_byName.get(rule.name);
    if (entries === undefined) {
      if (this.m_byName.size >= MAX_RULE_NAMES) {
        this.m_byName.clear();
      }
      // Made with its first entry: an empty array's first push reserves 16 slots.
      this.m_byName.set(rule.name, [entry]);
      return;
    }
    if (entries.length >= MAX_ENTRIES_PER_RULE) {
      entries.shift();
    }
    entries.push(entry);
  }

  clear(): void {
    this.m_byName.clear();
  }
}
