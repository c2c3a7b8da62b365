/**
 * The façade of the rule-language core: every editor feature and the CLI go through here.
 * It holds the ordered list of rules files and the open documents' texts, loads them like
 * Falco (reading cached per file text, so an edit re-reads one file), and answers: load
 * results, diagnostics per file, the compiled rule set, and per-item facts (definitions,
 * references, macro expansions, rule event types). It speaks offsets, 0-based lines and
 * columns, and Falco codes; it imports no editor API.
 */
import * as fs from 'fs';
import { printExpr } from './condition';
import { buildRuleSet } from './compile/ruleSet';
import { type CompiledRuleSet } from './compile/format';
import { loadRules, type FileLoadResult, type LoadOutcome, type RulesFile } from './compile/load';
import { toExpr } from './expand/tree';
import { eventName } from './fields/eventTable';
import { resolveOffset } from './rules/anchors';
import { type Problem } from './rules/loadCodes';
import { PRIORITY_NAMES } from './rules/readRule';

export type { FileLoadResult, LoadOutcome, RulesFile } from './compile/load';
export type { Problem } from './rules/loadCodes';

/** One problem in the CLI's JSON shape (`design.md`), plus `offset` and `file`. */
export interface ProblemJson {
  code: string;
  message: string;
  item_type: string;
  item_name: string;
  position: { line: number; column: number; offset: number };
  /** The file the position is in (a result may point into an earlier file). */
  file: string;
}

/** The CLI's JSON document. */
export interface LoadResultsJson {
  results: { file: string; successful: boolean; errors: ProblemJson[]; warnings: ProblemJson[] }[];
}

/**
 * Loads rules files from disk in order (CLI semantics: one result per file, compiled over
 * the files so far) and builds the compiled rule set over all of them. An unreadable file
 * gives a LOAD_ERR_FILE_READ result and is loaded as empty. For `replay`/`profile`.
 */
export function loadRulesFiles(paths: readonly string[]): { results: FileLoadResult[]; ruleSet: CompiledRuleSet; outcome: LoadOutcome } {
  const readErrors = new Map<number, string>();
  const files: RulesFile[] = paths.map((path, pathIdx) => {
    try {
      return { name: path, text: fs.readFileSync(path, 'utf8') };
    } catch (err) {
      readErrors.set(pathIdx, err instanceof Error ? err.message : String(err));
      return { name: path, text: '' };
    }
  });
  const outcome = loadRules(files, { compileEachFile: true });
  const results = outcome.results.map((result, resultIdx) => {
    const readError = readErrors.get(resultIdx);
    if (readError === undefined) {
      return result;
    }
    const problem: Problem = {
      code: 'LOAD_ERR_FILE_READ',
      message: `Could not read file: ${readError}`,
      itemType: 'rules content',
      itemName: result.file,
      file: resultIdx,
      position: { line: 0, column: 0, offset: 0 },
      endOffset: 0,
    };
    return { ...result, successful: false, errors: [problem, ...result.errors] };
  });
  return { results, ruleSet: compileRuleSet(outcome), outcome };
}

/** The compiled rule set of a load (every compiled rule of a known source, in index order). */
export function compileRuleSet(outcome: LoadOutcome): CompiledRuleSet {
  return buildRuleSet(outcome.compiled, outcome.files.map((file) => file.name), outcome.lineIndexes);
}

/** Converts results to the CLI's JSON shape; `fileNames` resolves `Problem.file`. */
export function toLoadResultsJson(results: readonly FileLoadResult[], fileNames?: readonly string[]): LoadResultsJson {
  const names = fileNames ?? results.map((result) => result.file);
  const convert = (problem: Problem): ProblemJson => ({
    code: problem.code,
    message: problem.message,
    item_type: problem.itemType,
    item_name: problem.itemName,
    position: { line: problem.position.line, column: problem.position.column, offset: problem.position.offset },
    file: names[problem.file] ?? '',
  });
  return {
    results: results.map((result) => ({
      file: result.file,
      successful: result.successful,
      errors: result.errors.map(convert),
      warnings: result.warnings.map(convert),
    })),
  };
}

/** A named item's definition or a reference to it, in one file. */
export interface ItemLocation {
  kind: 'list' | 'macro' | 'rule';
  name: string;
  file: string;
  start: number;
  end: number;
}

/** What the editor shows for a rule: its event types. */
export interface RuleEventTypes {
  /** 'all' when the condition does not restrict evt.type. */
  codes: number[] | 'all';
  /** Distinct event names of those codes, sorted. */
  names: string[];
}

/** A rules workspace: the ordered rules files and the open documents. */
export class Analysis {
  private m_rulesFiles: string[] = [];
  private readonly m_documents = new Map<string, string>();
  private m_outcome: LoadOutcome | undefined;
  private m_outcomeKey = '';

  /** Sets the rules files in load order (paths or URIs the reader can resolve). */
  setRulesFiles(names: readonly string[]): void {
    this.m_rulesFiles = names.slice();
    this.m_outcome = undefined;
  }

  /** Opens or changes a document: its text replaces the file's text on disk. */
  openDocument(name: string, text: string): void {
    this.m_documents.set(name, text);
    this.m_outcome = undefined;
  }

  /** Same as `openDocument`, for an edit. */
  changeDocument(name: string, text: string): void {
    this.openDocument(name, text);
  }

  /** Closes a document: its text on disk is used again. */
  closeDocument(name: string): void {
    this.m_documents.delete(name);
    this.m_outcome = undefined;
  }

  /**
   * The load of the rules files, plus `focus` at the end when it is an open document that
   * is not one of them (so any open YAML rules file is validated after the configured ones).
   */
  load(focus?: string): LoadOutcome {
    const names = this.loadOrder(focus);
    const key = names.join('\0');
    if (this.m_outcome !== undefined && this.m_outcomeKey === key) {
      return this.m_outcome;
    }
    const files = names.map((name) => ({ name, text: this.textOf(name) }));
    this.m_outcome = loadRules(files, { compileEachFile: true });
    this.m_outcomeKey = key;
    return this.m_outcome;
  }

  /** Falco's load results, one per file, with CLI semantics (compilation after each file). */
  loadResults(): FileLoadResult[] {
    const files = this.m_rulesFiles.map((name) => ({ name, text: this.textOf(name) }));
    return loadRules(files, { compileEachFile: true }).results;
  }

  /** Every problem located in `name`, from one load of all files (each problem once). */
  diagnostics(name: string): Problem[] {
    const outcome = this.load(name);
    const fileIdx = outcome.files.findIndex((file) => file.name === name);
    return outcome.problems.filter((problem) => problem.file === fileIdx);
  }

  /** The compiled rule set of the current files. */
  compiledRuleSet(): CompiledRuleSet {
    return compileRuleSet(this.load());
  }

  /** Where lists, macros and rules are defined (every definition, append and override). */
  definitions(focus?: string): ItemLocation[] {
    const outcome = this.load(focus);
    const locations: ItemLocation[] = [];
    const push = (kind: ItemLocation['kind'], name: string, spans: { file: number; start: number; end: number }[]): void => {
      for (const span of spans) {
        const at = resolveOffset(span.file, span.start);
        locations.push({ kind, name, file: outcome.files[at.file]?.name ?? '', start: at.offset, end: at.offset + span.end - span.start });
      }
    };
    for (const list of outcome.collector.orderedLists()) push('list', list.name, list.nameSpans);
    for (const macro of outcome.collector.orderedMacros()) push('macro', macro.name, macro.nameSpans);
    for (const rule of outcome.collector.orderedRules()) push('rule', rule.name, rule.nameSpans);
    return locations;
  }

  /** Every place a macro or list is referenced in a condition (each once). */
  references(focus?: string): ItemLocation[] {
    const outcome = this.load(focus);
    const seen = new Set<string>();
    const locations: ItemLocation[] = [];
    for (const reference of outcome.compiled.references) {
      const at = resolveOffset(reference.span.file, reference.span.start);
      const key = `${reference.kind}\0${at.file}\0${at.offset}`;
      if (!seen.has(key)) {
        seen.add(key);
        const end = at.offset + reference.span.end - reference.span.start;
        locations.push({ kind: reference.kind, name: reference.name, file: outcome.files[at.file]?.name ?? '', start: at.offset, end });
      }
    }
    return locations;
  }

  /** A macro's full expansion as canonical condition text; undefined if unknown or broken. */
  macroExpansion(name: string, focus?: string): string | undefined {
    const tree = this.load(focus).compiled.macros.get(name)?.tree;
    return tree === undefined ? undefined : printExpr(toExpr(tree));
  }

  /** A rule's event types; undefined when the rule did not compile or is not a syscall rule. */
  ruleEventTypes(name: string, focus?: string): RuleEventTypes | undefined {
    const result = this.load(focus).compiled.rules.find((rule) => rule.rule.name === name);
    const eventSet = result?.eventSet;
    if (eventSet === undefined) {
      return undefined;
    }
    const codes = eventSet.codes();
    return { codes: eventSet.isAll() ? 'all' : codes, names: [...new Set(codes.map(eventName))].filter((n) => n !== 'NA').sort() };
  }

  /** Display names of priorities, most severe first (for completion). */
  static priorities(): readonly string[] {
    return PRIORITY_NAMES;
  }

  private loadOrder(focus: string | undefined): string[] {
    const names = this.m_rulesFiles.slice();
    if (focus !== undefined && !names.includes(focus)) {
      names.push(focus);
    }
    return names;
  }

  private textOf(name: string): string {
    const open = this.m_documents.get(name);
    if (open !== undefined) {
      return open;
    }
    try {
      return fs.readFileSync(name, 'utf8');
    } catch {
      return '';
    }
  }
}
