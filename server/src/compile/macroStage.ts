/**
 * The macro stage of a compilation (§5.2): every macro's condition list-substituted and
 * parsed, then resolved in index order, each seeing the macros below its visibility. A
 * macro's parsed tree is reused from any earlier stage (another file prefix, an earlier
 * load) when it has the same condition records and its substitution gives the same text and
 * list occurrences; its resolved tree is reused when its parsed tree is the same object and
 * every macro lookup of its resolution gets the same answer. Reused trees keep their
 * identity, so rules compiled against them are reused too. It does not compile rules.
 */
import { substituteLists, substitutesAlike, type CompiledList, type ListTable } from '../expand/lists';
import { macroLoopMessage, resolveMacros, undefinedMacroMessage, type MacroTree, type Resolution } from '../expand/macros';
import { fromAst, type XExpr } from '../expand/tree';
import { type CollectedMacro } from '../rules/collector';
import { type Scalar } from '../rules/items';
import { rawProblem, type RawProblem } from '../rules/problems';
import { joinedText } from '../rules/scalarText';
import { parseConditionCached, spanOf } from './conditionText';
import {
  NONE,
  NO_CONTRIBUTION,
  contributionOf,
  deferFingerprint,
  recordingLookup,
  sameLookups,
  sameSubstitution,
  shareFingerprint,
  type Contribution,
  type SubstitutionFacts,
} from './contribution';

/** A macro's condition, substituted and parsed (a parse error leaves no tree). */
interface ParsedEntry {
  condition: readonly Scalar[];
  /** The condition's text before substitution. */
  source: string;
  substitution: SubstitutionFacts;
  /** The last list table the substitution was found to hold under, and the lists it used there. */
  table: ListTable;
  used: readonly CompiledList[];
  tree: XExpr | undefined;
  contribution: Contribution;
}

/** A macro's resolution. */
interface ResolvedEntry {
  parsed: XExpr;
  lookups: readonly unknown[];
  /** Undefined when resolution failed (undefined macro, loop). */
  tree: XExpr | undefined;
  contribution: Contribution;
}

const MAX_ENTRIES_PER_MACRO = 8;
const MAX_MACRO_NAMES = 20000;
const parsedCache = new Map<string, ParsedEntry[]>();
const resolvedCache = new Map<string, ResolvedEntry[]>();

/** Counters of work done (tests check that unchanged macros are not compiled again). */
export const macroStats = { parsed: 0, resolved: 0 };

export function clearMacroCaches(): void {
  parsedCache.clear();
  resolvedCache.clear();
}

function remember<T>(cache: Map<string, T[]>, name: string, entry: T): void {
  const entries = cache.get(name);
  if (entries === undefined) {
    if (cache.size >= MAX_MACRO_NAMES) {
      cache.clear();
    }
    // Made with its first entry: an empty array's first push reserves 16 slots, and most
    // macros keep one entry.
    cache.set(name, [entry]);
    return;
  }
  if (entries.length >= MAX_ENTRIES_PER_MACRO) {
    entries.shift();
  }
  entries.push(entry);
}

function sameParts(a: readonly Scalar[], b: readonly Scalar[]): boolean {
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

/** Compiles the macros (in index order) against `lists`; appends what they contribute (when anything) to `parts`. */
export function compileMacros(orderedMacros: readonly CollectedMacro[], lists: ListTable, fileTexts: readonly string[], parts: Contribution[]): Map<string, MacroTree> {
  const macroTrees = new Map<string, MacroTree>();
  // Pass 1: each macro parsed on its own.
  for (const macro of orderedMacros) {
    const entry = parsedMacro(macro, lists, fileTexts);
    if (entry.contribution !== NO_CONTRIBUTION) {
      parts.push(entry.contribution);
    }
    macroTrees.set(macro.name, { name: macro.name, index: macro.index, visibility: macro.visibility, tree: entry.tree });
  }
  // Pass 2: resolved in index order; later macros see the resolved trees of earlier ones.
  // One lookup function for the stage (not one per macro): `limit` is the visibility of the
  // macro being resolved, and no lookup function outlives its resolution.
  let limit = 0;
  const visible = (name: string): MacroTree | undefined => {
    const candidate = macroTrees.get(name);
    return candidate !== undefined && candidate.index < limit ? candidate : undefined;
  };
  for (const macro of orderedMacros) {
    const state = macroTrees.get(macro.name);
    if (state?.tree === undefined) {
      continue;
    }
    limit = state.visibility;
    const entry = resolvedMacro(macro.name, state.tree, visible);
    if (entry.contribution !== NO_CONTRIBUTION) {
      parts.push(entry.contribution);
    }
    state.tree = entry.tree;
  }
  return macroTrees;
}

function parsedMacro(macro: CollectedMacro, lists: ListTable, fileTexts: readonly string[]): ParsedEntry {
  const entries = parsedCache.get(macro.name) ?? NONE;
  // Most macros are unchanged from the previous file prefix: the same condition records,
  // substituted alike under the new table, are accepted without joining and substituting
  // again (that was more than half of a cold load's substitutions).
  for (const entry of entries) {
    if (sameParts(entry.condition, macro.condition) && substitutesAlike(entry.source, entry.used, entry.table, lists)) {
      entry.table = lists;
      return entry;
    }
  }
  const joined = joinedText(macro.condition, fileTexts);
  const substituted = substituteLists(joined, lists);
  for (const entry of entries) {
    if (sameParts(entry.condition, macro.condition) && sameSubstitution(substituted, entry.substitution)) {
      // Same result under this table, possibly from other list objects of the same names.
      entry.table = lists;
      entry.used = substituted.used;
      return entry;
    }
  }
  macroStats.parsed++;
  const parsed = parseConditionCached(substituted.text.text);
  let tree: XExpr | undefined;
  let problems: readonly RawProblem[] = NONE;
  const error = parsed.errors[0];
  if (error !== undefined || parsed.expr === undefined) {
    const range = error?.range ?? { start: 0, end: 0 };
    problems = [rawProblem('LOAD_ERR_COMPILE_CONDITION', error?.message ?? 'syntax error', 'macro', macro.name, spanOf(substituted.text, range))];
  } else {
    tree = fromAst(parsed.expr, { text: substituted.text });
    // The parse cache gives one AST per text: trees parsed from equal texts share its fingerprint.
    shareFingerprint(tree, parsed.expr);
  }
  const contribution = contributionOf(problems, substituted.occurrences, NONE);
  const entry = { condition: macro.condition.slice(), source: joined.text, substitution: substituted, table: lists, used: substituted.used, tree, contribution };
  remember(parsedCache, macro.name, entry);
  return entry;
}

function resolvedMacro(name: string, parsed: XExpr, visible: (name: string) => MacroTree | undefined): ResolvedEntry {
  for (const entry of resolvedCache.get(name) ?? NONE) {
    if (entry.parsed === parsed && sameLookups(visible, entry.lookups)) {
      return entry;
    }
  }
  macroStats.resolved++;
  const lookups: unknown[] = [];
  const resolution = resolveMacros(parsed, recordingLookup(visible, lookups));
  const problem = resolutionProblem(resolution, 'macro', name);
  const contribution = contributionOf(problem === undefined ? NONE : [problem], NONE, resolution.resolved);
  // The lookups copied to their exact size: the recording array grew with slack, and entries stay cached.
  const entry = { parsed, lookups: lookups.slice(), tree: problem === undefined ? resolution.tree : undefined, contribution };
  if (problem === undefined) {
    deferFingerprint(resolution.tree, entry);
  }
  remember(resolvedCache, name, entry);
  return entry;
}

/** The load error of a resolution (a reference loop, else the first undefined macro). */
export function resolutionProblem(resolution: Resolution, itemType: 'macro' | 'rule', itemName: string): RawProblem | undefined {
  if (resolution.loop !== undefined) {
    const node = resolution.loop.node;
    return rawProblem('LOAD_ERR_VALIDATE', macroLoopMessage(resolution.loop.name), itemType, itemName, spanOf(node.origin.text, node.range));
  }
  const unknown = resolution.unknown[0];
  if (unknown !== undefined) {
    return rawProblem('LOAD_ERR_VALIDATE', undefinedMacroMessage(unknown.name), itemType, itemName, spanOf(unknown.origin.text, unknown.range));
  }
  return undefined;
}
