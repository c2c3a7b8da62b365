/**
 * The compiler (Falco's `rule_loader::compiler`, §5.3): over everything collected, compiles
 * lists, parses and resolves macros, then compiles each rule in index order — exceptions
 * merged, output checked first, condition list-substituted and parsed, macros resolved,
 * checks run, event types derived — and finally reports unused macros and lists. Falco stops
 * at the first error; we note it first and go on with the other items. The result keeps
 * what the editor and the compiled rule set need.
 */
import { type FieldCatalog } from '../fields';
import { type OutputCheckResult, checkOutput } from '../checks/outputFormat';
import { checkConditionCheck } from '../checks/conditionChecks';
import { isUnknownFilterMessage } from '../checks/fieldOperand';
import { type Finding } from '../checks/finding';
import { noEvttypeProblem } from '../checks/noEvttype';
import { unusedListProblems, unusedMacroProblems } from '../checks/unused';
import { mergeExceptions } from '../expand/exceptions';
import { eventTypeSet, type EventSet } from '../expand/evttypes';
import { compileLists, substituteLists, type ListTable, type Substituted } from '../expand/lists';
import { macroLoopMessage, resolveMacros, undefinedMacroMessage, type MacroTree, type Resolution } from '../expand/macros';
import { fromAst, uniqueChecks, walkX, type XExpr } from '../expand/tree';
import { type CollectedMacro, type CollectedRule, type Collector } from '../rules/collector';
import { type Span } from '../rules/items';
import { type ItemType } from '../rules/loadCodes';
import { LoadError, rawProblem, type RawProblem } from '../rules/problems';
import { joinedText } from '../rules/scalarText';
import { type SourcedText } from '../rules/sourcedText';
import { EnvCache, RuleCache, envInputs, newContribution, type Contribution } from './compileCache';
import { parseConditionCached, spanOf } from './conditionText';

/** A reference to a macro or list, written at `span`. */
export interface Reference {
  kind: 'macro' | 'list';
  name: string;
  span: Span;
}

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
  references: Reference[];
  usedMacros: Set<string>;
  usedLists: Set<string>;
}

const envCache = new EnvCache();
const ruleCache = new RuleCache();
const MAX_CACHED_RULES = 20000;

/**
 * Output checks per catalog, source and text: a load compiling after each file checks an
 * early file's outputs once per prefix, and results are never mutated.
 */
const outputChecks = new Map<FieldCatalog, Map<string, OutputCheckResult>>();

function checkOutputCached(text: string, source: string, catalog: FieldCatalog): OutputCheckResult {
  let bySource = outputChecks.get(catalog);
  if (bySource === undefined) {
    bySource = new Map();
    outputChecks.set(catalog, bySource);
  }
  const key = `${source}\u0000${text}`;
  let result = bySource.get(key);
  if (result === undefined) {
    if (bySource.size >= MAX_CACHED_RULES) {
      bySource.clear();
    }
    result = checkOutput(text, { source, catalog });
    bySource.set(key, result);
  }
  return result;
}

/** Counters of cache misses, for tests and benchmarks that check the caching works. */
export const compileStats = { macroStages: 0, rules: 0 };

/** Forgets the compile caches (benchmarks measure cold loads with it). */
export function clearCompileCaches(): void {
  envCache.clear();
  ruleCache.clear();
  outputChecks.clear();
}

/** Compiles the collection. Never throws for bad input. */
export function compileCollection(collector: Collector, fileTexts: readonly string[], catalog: FieldCatalog): CompileResult {
  const orderedLists = collector.orderedLists();
  const orderedMacros = collector.orderedMacros();

  // Step 1: lists, then macros parsed one by one and resolved in index order with
  // visibility; reused while the lists and macros are made of the same records.
  const inputs = envInputs(orderedLists, orderedMacros);
  let env = envCache.find(inputs);
  if (env === undefined) {
    compileStats.macroStages++;
    const lists = compileLists(orderedLists);
    const contribution = newContribution();
    for (const name of lists.referencedByLists) {
      contribution.usedLists.add(name);
    }
    const macroTrees = compileMacros(orderedMacros, lists, fileTexts, contribution);
    env = envCache.add(inputs, { lists, macroTrees, contribution });
  }
  const acc = newContribution();
  mergeContribution(acc, env.contribution);
  const macros = new Map<string, CompiledMacro>();
  for (const macro of orderedMacros) {
    macros.set(macro.name, { macro, tree: env.macroTrees.get(macro.name)?.tree });
  }

  // Step 2: rules in index order, each reused when its inputs are unchanged.
  const rules: RuleCompileResult[] = [];
  for (const rule of collector.orderedRules()) {
    let cached = ruleCache.get(rule, env.generation);
    if (cached === undefined) {
      compileStats.rules++;
      const contribution = newContribution();
      const result = compileRule(rule, { fileTexts, catalog, lists: env.lists, macroTrees: env.macroTrees, contribution });
      cached = { result, contribution };
      ruleCache.set(rule, env.generation, cached);
    }
    rules.push({ ...cached.result, rule });
    mergeContribution(acc, cached.contribution);
  }

  // Step 3: unused macros and lists.
  for (const problem of [...unusedMacroProblems(orderedMacros, acc.usedMacros), ...unusedListProblems(orderedLists, acc.usedLists)]) {
    acc.problems.push(problem);
  }
  return { problems: acc.problems, lists: env.lists, macros, rules, references: acc.references, usedMacros: acc.usedMacros, usedLists: acc.usedLists };
}

function mergeContribution(into: Contribution, from: Contribution): void {
  for (const problem of from.problems) into.problems.push(problem);
  for (const reference of from.references) into.references.push(reference);
  for (const name of from.usedMacros) into.usedMacros.add(name);
  for (const name of from.usedLists) into.usedLists.add(name);
}

function noteSubstitution(contribution: Contribution, substituted: Substituted): void {
  for (const occurrence of substituted.occurrences) {
    contribution.usedLists.add(occurrence.list.name);
    const span = { file: occurrence.file, start: occurrence.offset, end: occurrence.offset + occurrence.list.name.length };
    contribution.references.push({ kind: 'list', name: occurrence.list.name, span });
  }
}

function noteResolution(contribution: Contribution, resolution: Resolution): void {
  for (const resolved of resolution.resolved) {
    contribution.usedMacros.add(resolved.name);
    contribution.references.push({ kind: 'macro', name: resolved.name, span: spanOf(resolved.node.origin.text, resolved.node.range) });
  }
}

function compileMacros(orderedMacros: readonly CollectedMacro[], lists: ListTable, fileTexts: readonly string[], contribution: Contribution): Map<string, MacroTree> {
  const macroTrees = new Map<string, MacroTree>();
  for (const macro of orderedMacros) {
    const substituted = substituteLists(joinedText(macro.condition, fileTexts), lists);
    noteSubstitution(contribution, substituted);
    const parsed = parseConditionCached(substituted.text.text);
    let tree: XExpr | undefined;
    const error = parsed.errors[0];
    if (error !== undefined || parsed.expr === undefined) {
      const range = error?.range ?? { start: 0, end: 0 };
      contribution.problems.push(rawProblem('LOAD_ERR_COMPILE_CONDITION', error?.message ?? 'syntax error', 'macro', macro.name, spanOf(substituted.text, range)));
    } else {
      tree = fromAst(parsed.expr, { text: substituted.text });
    }
    macroTrees.set(macro.name, { name: macro.name, index: macro.index, visibility: macro.visibility, tree });
  }
  for (const macro of orderedMacros) {
    const state = macroTrees.get(macro.name);
    if (state?.tree === undefined) {
      continue;
    }
    const resolution = resolveMacros(state.tree, (name) => {
      const candidate = macroTrees.get(name);
      return candidate !== undefined && candidate.index < state.visibility ? candidate : undefined;
    });
    noteResolution(contribution, resolution);
    const problem = resolutionProblem(resolution, 'macro', macro.name);
    if (problem !== undefined) {
      contribution.problems.push(problem);
      state.tree = undefined;
    } else {
      state.tree = resolution.tree;
    }
  }
  return macroTrees;
}

interface RuleContext {
  fileTexts: readonly string[];
  catalog: FieldCatalog;
  lists: ListTable;
  macroTrees: Map<string, MacroTree>;
  contribution: Contribution;
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
      ctx.contribution.problems.push(rawProblem(finding.code, finding.message, itemType, rule.name, span));
      return 'warning';
    }
    if (rule.skipIfUnknownFilter && isUnknownFilterMessage(finding.message)) {
      ctx.contribution.problems.push(rawProblem('LOAD_UNKNOWN_FILTER', finding.message, itemType, rule.name, span));
      return 'skip';
    }
    ctx.contribution.problems.push(rawProblem(finding.code, finding.message, itemType, rule.name, span));
    return 'error';
  };

  // Step 1: exceptions merged into the condition text.
  let condition: SourcedText;
  try {
    condition = mergeExceptions(joinedText(rule.condition, ctx.fileTexts), rule.exceptions, ctx.fileTexts);
  } catch (err) {
    if (err instanceof LoadError) {
      ctx.contribution.problems.push(err.problem);
      return result;
    }
    throw err;
  }

  // Step 2: the output, checked before the condition.
  const output = trimmed(joinedText(rule.output, ctx.fileTexts));
  const outputCheck = checkOutputCached(output.text, rule.source, ctx.catalog);
  result.output = { text: output, check: outputCheck };
  for (const finding of outputCheck.findings) {
    const outcome = report(finding, output, 'rule output');
    if (outcome !== 'warning') {
      result.status = outcome === 'skip' ? 'skipped' : 'error';
      return result;
    }
  }

  // Step 3: lists substituted, condition parsed.
  const substituted = substituteLists(condition, ctx.lists);
  noteSubstitution(ctx.contribution, substituted);
  const parsed = parseConditionCached(substituted.text.text);
  const parseError = parsed.errors[0];
  if (parseError !== undefined || parsed.expr === undefined) {
    const range = parseError?.range ?? { start: 0, end: 0 };
    ctx.contribution.problems.push(rawProblem('LOAD_ERR_COMPILE_CONDITION', parseError?.message ?? 'syntax error', 'rule', rule.name, spanOf(substituted.text, range)));
    return result;
  }

  // Step 4: macros resolved (rules see every macro).
  const resolution = resolveMacros(fromAst(parsed.expr, { text: substituted.text }), (name) => ctx.macroTrees.get(name));
  noteResolution(ctx.contribution, resolution);
  const resolutionError = resolutionProblem(resolution, 'rule', rule.name);
  if (resolutionError !== undefined) {
    ctx.contribution.problems.push(resolutionError);
    return result;
  }
  const tree = resolution.tree;
  result.tree = tree;

  // Step 5: per-check warnings and compile errors, in tree order.
  for (const check of uniqueChecks(tree)) {
    for (const finding of checkConditionCheck(check.check, env)) {
      const outcome = report(finding, check.origin.text, 'rule');
      if (outcome !== 'warning') {
        result.status = outcome === 'skip' ? 'skipped' : 'error';
        return result;
      }
    }
  }
  if (containsBroken(tree)) {
    // A macro it uses failed; that macro carries the error.
    return result;
  }

  // Step 6: event types.
  if (rule.source === 'syscall') {
    result.eventSet = eventTypeSet(tree);
    const warning = noEvttypeProblem(rule, result.eventSet);
    if (warning !== undefined) {
      ctx.contribution.problems.push(warning);
    }
  }
  result.status = 'ok';
  return result;
}

function resolutionProblem(resolution: Resolution, itemType: 'macro' | 'rule', itemName: string): RawProblem | undefined {
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

function containsBroken(tree: XExpr): boolean {
  let broken = false;
  walkX(tree, (node) => {
    broken ||= node.kind === 'broken';
  });
  return broken;
}

/** The text without surrounding whitespace (Falco trims outputs). */
function trimmed(text: SourcedText): SourcedText {
  const start = text.text.length - text.text.trimStart().length;
  const end = text.text.trimEnd().length;
  return start === 0 && end === text.text.length ? text : text.slice(start, Math.max(start, end));
}
