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
import { clearParseCache } from './conditionText';

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
const lineIndexCache = new Map<string, LineIndex>();

/**
 * The compilation of each file prefix of the last load that compiled after each file, with
 * the read events of every file (the read cache gives the same array for the same text): an
 * edit in a later file leaves earlier prefixes' compilations as they were, and an edit that
 * only replaces rule definitions recompiles just those rules (`recompileRules`).
 */
interface PrefixMemo {
  catalog: FieldCatalog | undefined;
  events: ReadEvent[][];
  compiled: CompileResult[];
}
let lastPrefixes: PrefixMemo = { catalog: undefined, events: [], compiled: [] };

/** Counts compilations run (tests check that unchanged prefixes are not compiled again). */
export const loadStats = { compilations: 0 };

/** Loads files in order. Never throws for bad input. */
export function loadRules(files: readonly RulesFile[], options: LoadOptions): LoadOutcome {
  const catalog = options.catalog ?? loadFieldCatalog();
  const collector = new Collector({ isKnownSource: (source) => catalog.isKnownSource(source) });
  const fileTexts = files.map((file) => file.text);
  const lineIndexes = files.map((file) => lineIndexFor(file.text));
  const readProblems: RawProblem[][] = [];
  const results: FileLoadResult[] = [];
  // With compilation after each file, every file's raw problems (what its result holds).
  const perFileProblems: RawProblem[][] = [];
  let compiled: CompileResult | undefined;
  const prefixes: PrefixMemo = { catalog, events: [], compiled: [] };
  // The rules whose definitions differ from the last load so far; undefined once anything
  // else differs.
  let changedRules: Set<string> | undefined = lastPrefixes.catalog === catalog ? new Set() : undefined;
  files.forEach((file, fileIdx) => {
    const events = readCached(file.text, fileIdx);
    prefixes.events.push(events);
    if (changedRules !== undefined && !noteChangedRules(lastPrefixes.events[fileIdx], events, changedRules)) {
      changedRules = undefined;
    }
    readProblems.push(collector.collect(events));
    if (options.compileEachFile) {
      const final = fileIdx === files.length - 1;
      const previous = lastPrefixes.compiled[fileIdx];
      let current: CompileResult | undefined;
      if (changedRules !== undefined && previous !== undefined) {
        current = changedRules.size === 0 && !final ? previous : recompileRules(previous, collector, changedRules, fileTexts.slice(0, fileIdx + 1), catalog, { problemsOnly: !final });
      }
      if (current === undefined) {
        loadStats.compilations++;
        current = compileCollection(collector, fileTexts.slice(0, fileIdx + 1), catalog, { problemsOnly: !final });
      }
      compiled = current;
      prefixes.compiled.push(current);
      perFileProblems.push([...readProblems[fileIdx], ...current.problems]);
      results.push(toResult(file.name, perFileProblems[fileIdx], lineIndexes));
    }
  });
  if (options.compileEachFile) {
    lastPrefixes = prefixes;
  }
  if (compiled === undefined || !options.compileEachFile) {
    compiled = compileCollection(collector, fileTexts, catalog);
  }
  const finalCompiled = compiled;
  const allRaw = options.compileEachFile ? perFileProblems.flat() : [...readProblems.flat(), ...finalCompiled.problems];
  const problems = dedupe(allRaw).map((raw) => toProblem(raw, lineIndexes));
  if (!options.compileEachFile) {
    files.forEach((file, fileIdx) => {
      const own = [...readProblems[fileIdx], ...finalCompiled.problems.filter((problem) => resolveOffset(problem.span.file, 0).file === fileIdx)];
      results.push(toResult(file.name, own, lineIndexes));
    });
  }
  return { files: files.slice(), results, problems, collector, compiled: finalCompiled, lineIndexes };
}

/** Forgets every per-text cache, so the next load is cold. */
export function clearLoaderCaches(): void {
  readCache.clear();
  lastPrefixes = { catalog: undefined, events: [], compiled: [] };
  lineIndexCache.clear();
  clearParseCache();
  clearChunkCache();
  clearCompileCaches();
  clearPlanCache();
}

/**
 * Adds to `changed` the names of rules whose definition differs between two reads of a
 * file; false when anything else differs (any other item, a problem, the number of events).
 */
function noteChangedRules(before: readonly ReadEvent[] | undefined, after: readonly ReadEvent[], changed: Set<string>): boolean {
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

function lineIndexFor(text: string): LineIndex {
  let index = lineIndexCache.get(text);
  if (index === undefined) {
    if (lineIndexCache.size > 64) {
      lineIndexCache.clear();
    }
    index = new LineIndex(text);
    lineIndexCache.set(text, index);
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
