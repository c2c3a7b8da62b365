/**
 * The compiler (Falco's `rule_loader::compiler`, §5.3): over everything collected, compiles
 * lists, parses and resolves macros, then compiles each rule in index order — exceptions
 * merged, output checked first, condition list-substituted and parsed, macros resolved,
 * checks run, event types derived — and finally reports unused macros and lists. Falco stops
 * at the first error; we note it first and go on with the other items. The result keeps
 * what the editor and the compiled rule set need.
 */
import { type FieldCatalog } from '../fields';
import { type OutputCheckResult } from '../checks/outputFormat';
import { checkConditionCheck, clearCheckCache } from '../checks/conditionChecks';
import { isUnknownFilterMessage } from '../checks/fieldOperand';
import { type Finding } from '../checks/finding';
import { noEvttypeProblem } from '../checks/noEvttype';
import { unusedListProblems, unusedMacroProblems } from '../checks/unused';
import { mergeExceptions } from '../expand/exceptions';
import { eventTypeSet, type EventSet } from '../expand/evttypes';
import { compileLists, substituteLists, type ListTable } from '../expand/lists';
import { resolveMacros, type MacroTree } from '../expand/macros';
import { fromAst, uniqueChecks, walkX, type XExpr } from '../expand/tree';
import { type CollectedMacro, type CollectedRule, type Collector } from '../rules/collector';
import { type ItemType } from '../rules/loadCodes';
import { LoadError, rawProblem, type RawProblem } from '../rules/problems';
import { joinedText } from '../rules/scalarText';
import { type SourcedText } from '../rules/sourcedText';
import { EnvCache, RuleCache, envInputs, type CachedRule, type Env, type RuleDeps } from './compileCache';
import {
  NONE,
  addUsedNames,
  clearFingerprints,
  contributionOf,
  recordingLookup,
  sameUsedNames,
  type Contribution,
  type ListUse,
  type MacroUse,
  type Reference,
} from './contribution';
import { Compilation } from './compilation';
import { clearMacroCaches, compileMacros, resolutionProblem } from './macroStage';
import { checkOutputCached, clearOutputChecks } from './outputCache';
import { parseConditionCached, spanOf } from './conditionText';

export type { Reference } from './contribution';

/** A macro after compilation. */
export interface CompiledMacro {
  macro: CollectedMacro;
  /** The resolved tree; undefined when the macro failed. */
  tree: XExpr | undefined;
}

/** A rule after compilation. */
export interface RuleCompileResult {
  rule: CollectedRule;
  /** `ok`: compiled; `error`: a load error; `skipped`: unknown source or unknown filter. */
  status: 'ok' | 'error' | 'skipped';
  tree?: XExpr;
  output?: { text: SourcedText; check: OutputCheckResult };
  /** Event codes (syscall source only). */
  eventSet?: EventSet;
}

/** Everything compilation produced. */
export interface CompileResult {
  problems: RawProblem[];
  lists: ListTable;
  macros: Map<string, CompiledMacro>;
  rules: RuleCompileResult[];
  /** Built on first use: validation never reads them, the editor's reference search does. */
  readonly references: Reference[];
  /** Built on first use (the unused-item checks ask the macro stage's and the rules' sets). */
  readonly usedMacros: ReadonlySet<string>;
  readonly usedLists: ReadonlySet<string>;
}

const envCache = new EnvCache();
const ruleCache = new RuleCache();

/** Counters of cache misses, for tests and benchmarks that check the caching works. */
export const compileStats = { macroStages: 0, rules: 0 };

/** Forgets the compile caches (benchmarks measure cold loads with it). */
export function clearCompileCaches(): void {
  envCache.clear();
  clearMacroCaches();
  clearFingerprints();
  ruleCache.clear();
  clearOutputChecks();
  clearCheckCache();
}

/** How much of a compilation is wanted. */
export interface CompileOptions {
  /**
   * Only `problems` (an earlier file prefix of a load that compiles after each file):
   * `macros`, `rules` and `references` are left empty.
   */
  problemsOnly?: boolean;
}

/** Compiles the collection. Never throws for bad input. */
export function compileCollection(collector: Collector, fileTexts: readonly string[], catalog: FieldCatalog, options: CompileOptions = {}): CompileResult {
  const full = options.problemsOnly !== true;
  const orderedLists = collector.orderedLists();
  const orderedMacros = collector.orderedMacros();

  // Step 1: lists, then macros parsed one by one and resolved in index order with
  // visibility; reused while the lists and macros are made of the same records.
  let env = envCache.find(orderedLists, orderedMacros);
  if (env === undefined) {
    compileStats.macroStages++;
    const lists = compileLists(orderedLists);
    const parts: Contribution[] = [];
    const macroTrees = compileMacros(orderedMacros, lists, fileTexts, parts);
    const envProblems: RawProblem[] = [];
    const envMacros = new Set<string>();
    const envLists = new Set(lists.referencedByLists);
    for (const part of parts) {
      for (const problem of part.problems) envProblems.push(problem);
      addUsedNames(part, envMacros, envLists);
    }
    let macroFailed = false;
    for (const macro of macroTrees.values()) macroFailed ||= macro.tree === undefined;
    const stage = { lists, macroTrees, parts, problems: envProblems, usedMacros: envMacros, usedLists: envLists, macroFailed };
    env = envCache.add(envInputs(orderedLists, orderedMacros), stage);
  }
  const problems = env.problems.slice();
  // The names the rules use; with the macro stage's, all used names (not copied together).
  const ruleMacros = new Set<string>();
  const ruleLists = new Set<string>();
  const macros = new Map<string, CompiledMacro>();
  if (full) {
    for (const macro of orderedMacros) {
      macros.set(macro.name, { macro, tree: env.macroTrees.get(macro.name)?.tree });
    }
  }

  // Step 2: rules in index order, each reused when its inputs are unchanged.
  const rules: RuleCompileResult[] = [];
  const names: string[] = [];
  const contributions: Contribution[] = [];
  for (const rule of collector.orderedRules()) {
    const cached = compiledRule(rule, env, fileTexts, catalog, !full);
    if (full) {
      // A result compiled from this very record is used as it is (results are never modified).
      rules.push(cached.result.rule === rule ? cached.result : { ...cached.result, rule });
    }
    names.push(rule.name);
    contributions.push(cached.contribution);
    for (const problem of cached.contribution.problems) problems.push(problem);
    addUsedNames(cached.contribution, ruleMacros, ruleLists);
  }

  // Step 3: unused macros and lists.
  const usedMacro = { has: (name: string): boolean => env.usedMacros.has(name) || ruleMacros.has(name) };
  const usedList = { has: (name: string): boolean => env.usedLists.has(name) || ruleLists.has(name) };
  for (const problem of [...unusedMacroProblems(orderedMacros, usedMacro), ...unusedListProblems(orderedLists, usedList)]) {
    problems.push(problem);
  }
  return new Compilation(problems, env.lists, macros, rules, { env, full, names, positions: undefined, contributions, ruleMacros, ruleLists });
}

/**
 * The compilation of a collection that may differ from the one `previous` was compiled from
 * only in the rules named `changed` (`rule(name)` gives each one's current record): same
 * lists and macros, same rule names in the same order. When `collector` is given, that is
 * checked against it; otherwise the caller guarantees it. Those rules are compiled again (or
 * taken from the rule cache); everything else is taken from `previous`. Undefined when the
 * result could differ from a full compilation in more than those rules' own results (their
 * problems, or the macros and lists they use, changed), or when `previous` lacks what is
 * needed: compile in full then.
 */
export function recompileRules(
  previous: CompileResult,
  changed: { names: ReadonlySet<string>; rule: (name: string) => CollectedRule | undefined; collector?: Collector },
  fileTexts: readonly string[],
  catalog: FieldCatalog,
  options: CompileOptions = {},
): CompileResult | undefined {
  const full = options.problemsOnly !== true;
  const state = previous instanceof Compilation ? previous.state : undefined;
  if (state === undefined || (full && !state.full)) {
    return undefined;
  }
  const collector = changed.collector;
  if (collector !== undefined) {
    if (envCache.find(collector.orderedLists(), collector.orderedMacros()) !== state.env) {
      return undefined;
    }
    const ordered = collector.orderedRules();
    if (ordered.length !== state.names.length || ordered.some((rule, idx) => rule.name !== state.names[idx])) {
      return undefined;
    }
  }
  state.positions ??= new Map(state.names.map((name, idx) => [name, idx]));
  const contributions = state.contributions.slice();
  const rules = full ? previous.rules.slice() : [];
  for (const name of changed.names) {
    const at = state.positions.get(name);
    const rule = changed.rule(name);
    if (at === undefined || rule === undefined) {
      return undefined;
    }
    const cached = compiledRule(rule, state.env, fileTexts, catalog, !full);
    const before = contributions[at];
    const after = cached.contribution;
    if (before.problems.length > 0 || after.problems.length > 0 || !sameUsedNames(before, after)) {
      return undefined;
    }
    contributions[at] = after;
    if (full) {
      rules[at] = cached.result.rule === rule ? cached.result : { ...cached.result, rule };
    }
  }
  // The changed rules use the same names as before (checked above): the rules' sets hold.
  const next = { ...state, full, contributions };
  return new Compilation(previous.problems, previous.lists, previous.macros, rules, next);
}

/**
 * The compilation of `rule` under `env`, from the rule cache or compiled now. With
 * `problemsOnly`, an equivalent compilation under another environment may stand in (its
 * problems and used names are right; its trees and references are not this environment's).
 */
function compiledRule(rule: CollectedRule, env: Env, fileTexts: readonly string[], catalog: FieldCatalog, problemsOnly = false): CachedRule {
  let cached = ruleCache.get(rule, env);
  if (cached === undefined && problemsOnly) {
    cached = ruleCache.getEquivalent(rule, env);
  }
  if (cached === undefined) {
    compileStats.rules++;
    const deps: RuleDeps = { lookups: [] };
    const ctx: RuleContext = { fileTexts, catalog, lists: env.lists, macroTrees: env.macroTrees, macroFailed: env.macroFailed, problems: [], listUses: NONE, macroUses: NONE, deps };
    const result = compileRule(rule, ctx);
    cached = { result, contribution: contributionOf(ctx.problems, ctx.listUses, ctx.macroUses) };
    ruleCache.set(rule, env, cached, deps);
  }
  return cached;
}

interface RuleContext {
  fileTexts: readonly string[];
  catalog: FieldCatalog;
  lists: ListTable;
  macroTrees: Map<string, MacroTree>;
  macroFailed: boolean;
  /** What the rule adds, filled as compilation goes. */
  problems: RawProblem[];
  listUses: readonly ListUse[];
  macroUses: readonly MacroUse[];
  /** Filled with what compilation consulted of the lists and macros. */
  deps: RuleDeps;
}

function compileRule(rule: CollectedRule, ctx: RuleContext): RuleCompileResult {
  const result: RuleCompileResult = { rule, status: 'error' };
  if (rule.unknownSource) {
    result.status = 'skipped';
    return result;
  }
  const env = { source: rule.source, catalog: ctx.catalog };
  const report = (finding: Finding, text: SourcedText, itemType: ItemType): 'error' | 'skip' | 'warning' => {
    const span = spanOf(text, finding.range);
    if (!finding.code.startsWith('LOAD_ERR_')) {
      ctx.problems.push(rawProblem(finding.code, finding.message, itemType, rule.name, span));
      return 'warning';
    }
    if (rule.skipIfUnknownFilter && isUnknownFilterMessage(finding.message)) {
      ctx.problems.push(rawProblem('LOAD_UNKNOWN_FILTER', finding.message, itemType, rule.name, span));
      return 'skip';
    }
    ctx.problems.push(rawProblem(finding.code, finding.message, itemType, rule.name, span));
    return 'error';
  };

  // Step 1: exceptions merged into the condition text.
  let condition: SourcedText;
  try {
    condition = mergeExceptions(joinedText(rule.condition, ctx.fileTexts), rule.exceptions, ctx.fileTexts);
  } catch (err) {
    if (err instanceof LoadError) {
      ctx.problems.push(err.problem);
      return result;
    }
    throw err;
  }

  // Step 2: the output, checked before the condition.
  const output = trimmed(joinedText(rule.output, ctx.fileTexts));
  const outputCheck = checkOutputCached(output.text, rule.source, ctx.catalog);
  result.output = { text: output, check: outputCheck };
  // Indexed loops over findings: they are often a shared frozen empty array, which V8's
  // for-of iterates through an allocated iterator.
  for (let idx = 0; idx < outputCheck.findings.length; idx++) {
    const outcome = report(outputCheck.findings[idx], output, 'rule output');
    if (outcome !== 'warning') {
      result.status = outcome === 'skip' ? 'skipped' : 'error';
      return result;
    }
  }

  // Step 3: lists substituted, condition parsed.
  const substituted = substituteLists(condition, ctx.lists);
  ctx.deps.condition = condition;
  ctx.deps.substitution = substituted;
  ctx.listUses = substituted.occurrences;
  const parsed = parseConditionCached(substituted.text.text);
  const parseError = parsed.errors[0];
  if (parseError !== undefined || parsed.expr === undefined) {
    const range = parseError?.range ?? { start: 0, end: 0 };
    ctx.problems.push(rawProblem('LOAD_ERR_COMPILE_CONDITION', parseError?.message ?? 'syntax error', 'rule', rule.name, spanOf(substituted.text, range)));
    return result;
  }

  // Step 4: macros resolved (rules see every macro).
  const resolution = resolveMacros(
    fromAst(parsed.expr, { text: substituted.text }),
    recordingLookup((name) => ctx.macroTrees.get(name), ctx.deps.lookups),
  );
  ctx.macroUses = resolution.resolved;
  const resolutionError = resolutionProblem(resolution, 'rule', rule.name);
  if (resolutionError !== undefined) {
    ctx.problems.push(resolutionError);
    return result;
  }
  const tree = resolution.tree;
  result.tree = tree;

  // Step 5: per-check warnings and compile errors, in tree order.
  for (const check of uniqueChecks(tree)) {
    const findings = checkConditionCheck(check.check, env);
    for (let idx = 0; idx < findings.length; idx++) {
      const outcome = report(findings[idx], check.origin.text, 'rule');
      if (outcome !== 'warning') {
        result.status = outcome === 'skip' ? 'skipped' : 'error';
        return result;
      }
    }
  }
  // Broken nodes stand for failed macros (a loop in the rule's own resolution returned above):
  // with none failed there is no tree to walk.
  if (ctx.macroFailed && containsBroken(tree)) {
    // A macro it uses failed; that macro carries the error.
    return result;
  }

  // Step 6: event types.
  if (rule.source === 'syscall') {
    result.eventSet = eventTypeSet(tree);
    const warning = noEvttypeProblem(rule, result.eventSet);
    if (warning !== undefined) {
      ctx.problems.push(warning);
    }
  }
  result.status = 'ok';
  return result;
}

function containsBroken(tree: XExpr): boolean {
  let broken = false;
  walkX(tree, (node) => {
    broken ||= node.kind === 'broken';
  });
  return broken;
}

/** The text without surrounding whitespace (Falco trims outputs), found without trimmed copies. */
function trimmed(text: SourcedText): SourcedText {
  const value = text.text;
  let start = 0;
  while (start < value.length && isTrimmed(value, start)) start++;
  let end = value.length;
  while (end > start && isTrimmed(value, end - 1)) end--;
  return start === 0 && end === value.length ? text : text.slice(start, end);
}

/** What `trim` removes: ASCII blanks, and the other characters `\s` matches. */
const OTHER_BLANK = /\s/;

function isTrimmed(value: string, idx: number): boolean {
  const code = value.charCodeAt(idx);
  return code === 32 || (code >= 9 && code <= 13) || (code > 127 && OTHER_BLANK.test(value[idx]));
}
