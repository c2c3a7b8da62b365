/**
 * Loading several rules files in order, as `falco -V a -V b` does: one collector for all
 * files, one result per file, and after each file a compilation over every file so far.
 * Reading is cached per file text, so reloading after an edit re-reads only the file that
 * changed, and the compilations of the file prefixes before it are not run again. Results
 * are plain records (`Problem`), never exceptions.
 */
import { loadFieldCatalog, type FieldCatalog } from '../fields';
import { Collector } from '../rules/collector';
import { LineIndex } from '../rules/lineIndex';
import { isErrorCode, type Problem } from '../rules/loadCodes';
import { toProblem, type RawProblem } from '../rules/problems';
import { clearChunkCache, readRulesFileChunked } from '../rules/chunkedReader';
import { type ReadEvent } from '../rules/reader';
import { resolveOffset } from '../rules/anchors';
import { clearPlanCache } from '../expand/lists';
import { clearCompileCaches, compileCollection, recompileRules, type CompileResult } from './compiler';
import { clearReloadCaches, noteChangedRules, reloadChangedRules, type LoadMemo } from './reload';
import { clearParseCache } from './conditionText';
import { clearScalarTextCache } from '../rules/scalarText';

/** One rules file to load: a name (path or URI) and its text. */
export interface RulesFile {
  name: string;
  text: string;
}

/** Falco's load result for one file. */
export interface FileLoadResult {
  file: string;
  successful: boolean;
  errors: Problem[];
  warnings: Problem[];
}

/** Everything a load produced. */
export interface LoadOutcome {
  files: RulesFile[];
  results: FileLoadResult[];
  /**
   * Every problem, each once. Compiling after each file: every problem of every file's
   * result (so each file shows what the CLI reports, wherever it is located). Otherwise:
   * reading problems of every file, then the compilation over all.
   */
  problems: Problem[];
  collector: Collector;
  compiled: CompileResult;
  lineIndexes: LineIndex[];
}

/** How to load. */
export interface LoadOptions {
  /**
   * True (the CLI): compile after each file, so each file's result holds the compilation
   * over the files so far, like Falco. False (the editor): compile once, after all files;
   * each file's result then holds the problems located in it.
   */
  compileEachFile: boolean;
  catalog?: FieldCatalog;
}

const readCache = new Map<string, { text: string; events: ReadEvent[] }>();
/**
 * The last line index of each file (by load-order index). Compared with `===`, not looked up
 * by text: a lookup hashes the whole text, ~50 us per edit for a 64 KB file, and an index
 * builds its line starts lazily, so a text seen again elsewhere costs little to index anew.
 */
const lineIndexCache = new Map<number, LineIndex>();

/**
 * What the last load that compiled after each file left (`reload.ts`): an edit in a later
 * file leaves earlier prefixes' compilations as they were, and an edit that only replaces
 * rule definitions recompiles just those rules.
 */
let lastLoad: LoadMemo | undefined;

/**
 * Counts full compilations run and loads served by `reloadChangedRules` (tests check that
 * unchanged prefixes are not compiled again and that rule-only edits keep the collection).
 */
export const loadStats = { compilations: 0, reloads: 0 };

/**
 * The source registry a collector keeps. Built outside `loadRules` on purpose: a closure made
 * there would share its scope with `memo`, so every load's collector would keep the previous
 * load alive, and an editing session would grow by a whole load per keystroke.
 */
function knownSources(catalog: FieldCatalog): { isKnownSource(source: string): boolean } {
  return { isKnownSource: (source: string): boolean => catalog.isKnownSource(source) };
}

/** Loads files in order. Never throws for bad input. */
export function loadRules(files: readonly RulesFile[], options: LoadOptions): LoadOutcome {
  const catalog = options.catalog ?? loadFieldCatalog();
  const sources = knownSources(catalog);
  const fileTexts = files.map((file) => file.text);
  const lineIndexes = files.map((file, fileIdx) => lineIndexFor(file.text, fileIdx));
  const events = files.map((file, fileIdx) => readCached(file.text, fileIdx));
  const memo = lastLoad?.catalog === catalog ? lastLoad : undefined;
  if (options.compileEachFile && memo !== undefined && files.length > 0) {
    const reloaded = reloadChangedRules(memo, events, sources, fileTexts);
    if (reloaded !== undefined) {
      loadStats.reloads++;
      lastLoad = { catalog, events, readProblems: memo.readProblems, compiled: reloaded.compiled, collector: reloaded.collector };
      const perFile = reloaded.compiled.map((compiled, fileIdx) => [...memo.readProblems[fileIdx], ...compiled.problems]);
      return outcomeOf(files, perFile, reloaded.collector, reloaded.compiled[files.length - 1], lineIndexes);
    }
  }

  const collector = new Collector(sources);
  const readProblems: RawProblem[][] = [];
  // With compilation after each file, every file's raw problems (what its result holds).
  const perFileProblems: RawProblem[][] = [];
  const prefixes: CompileResult[] = [];
  let compiled: CompileResult | undefined;
  // The rules whose definitions differ from the last load so far; undefined once anything
  // else differs.
  let changedRules: Set<string> | undefined = memo !== undefined ? new Set() : undefined;
  files.forEach((_file, fileIdx) => {
    if (changedRules !== undefined && !noteChangedRules(memo?.events[fileIdx], events[fileIdx], changedRules)) {
      changedRules = undefined;
    }
    readProblems.push(collector.collect(events[fileIdx]));
    if (options.compileEachFile) {
      const final = fileIdx === files.length - 1;
      const previous = memo?.compiled[fileIdx];
      let current: CompileResult | undefined;
      if (changedRules !== undefined && previous !== undefined) {
        const changed = { names: changedRules, rule: (name: string) => collector.rules.get(name), collector };
        current = changedRules.size === 0 && !final ? previous : recompileRules(previous, changed, fileTexts.slice(0, fileIdx + 1), catalog, { problemsOnly: !final });
      }
      if (current === undefined) {
        loadStats.compilations++;
        current = compileCollection(collector, fileTexts.slice(0, fileIdx + 1), catalog, { problemsOnly: !final });
      }
      compiled = current;
      prefixes.push(current);
      perFileProblems.push([...readProblems[fileIdx], ...current.problems]);
    }
  });
  if (options.compileEachFile) {
    lastLoad = { catalog, events, readProblems, compiled: prefixes, collector };
  }
  if (compiled === undefined || !options.compileEachFile) {
    compiled = compileCollection(collector, fileTexts, catalog);
  }
  if (options.compileEachFile) {
    return outcomeOf(files, perFileProblems, collector, compiled, lineIndexes);
  }
  const finalCompiled = compiled;
  const problems = dedupe([...readProblems.flat(), ...finalCompiled.problems]).map((raw) => toProblem(raw, lineIndexes));
  const results = files.map((file, fileIdx) => {
    const own = [...readProblems[fileIdx], ...finalCompiled.problems.filter((problem) => resolveOffset(problem.span.file, 0).file === fileIdx)];
    return toResult(file.name, own, lineIndexes);
  });
  return { files: files.slice(), results, problems, collector, compiled: finalCompiled, lineIndexes };
}

/** The outcome of a load that compiled after each file, from each file's raw problems. */
function outcomeOf(files: readonly RulesFile[], perFile: RawProblem[][], collector: Collector, compiled: CompileResult, lineIndexes: LineIndex[]): LoadOutcome {
  const results = files.map((file, fileIdx) => toResult(file.name, perFile[fileIdx], lineIndexes));
  const problems = dedupe(perFile.flat()).map((raw) => toProblem(raw, lineIndexes));
  return { files: files.slice(), results, problems, collector, compiled, lineIndexes };
}

/** Forgets every per-text cache, so the next load is cold. */
export function clearLoaderCaches(): void {
  readCache.clear();
  lastLoad = undefined;
  lineIndexCache.clear();
  clearParseCache();
  clearChunkCache();
  clearCompileCaches();
  clearPlanCache();
  clearReloadCaches();
  clearScalarTextCache();
}

function readCached(text: string, fileIdx: number): ReadEvent[] {
  const key = String(fileIdx);
  const cached = readCache.get(key);
  if (cached !== undefined && cached.text === text) {
    return cached.events;
  }
  const events = readRulesFileChunked(text, fileIdx);
  readCache.set(key, { text, events });
  return events;
}

function lineIndexFor(text: string, fileIdx: number): LineIndex {
  let index = lineIndexCache.get(fileIdx);
  if (index === undefined || index.text !== text) {
    index = new LineIndex(text);
    lineIndexCache.set(fileIdx, index);
  }
  return index;
}

function toResult(name: string, raw: RawProblem[], lineIndexes: LineIndex[]): FileLoadResult {
  const problems = dedupe(raw).map((problem) => toProblem(problem, lineIndexes));
  const errors = problems.filter((problem) => isErrorCode(problem.code));
  const warnings = problems.filter((problem) => !isErrorCode(problem.code));
  return { file: name, successful: errors.length === 0, errors, warnings };
}

function dedupe(problems: RawProblem[]): RawProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const at = resolveOffset(problem.span.file, problem.span.start);
    const key = `${problem.code}\0${problem.message}\0${at.file}\0${at.offset}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}
