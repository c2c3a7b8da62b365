/**
 * Falco's `resolve_list` for one list on a condition text being substituted, keeping where
 * every character came from. Origins are kept as runs (a few per text) rather than one array
 * per intermediate text: a condition is rewritten once per list it names, and only the final
 * text needs a per-character origin map. A text with very many substitutions (thousands of
 * list names in one condition) switches to one array, as runs would then cost more per
 * substitution than copying it. It does not choose which lists to substitute.
 */
import { type CompiledList } from './lists';
import { isDelimiter } from './namePieces';

/**
 * A text during substitution. `runs` is flat triples `[outStart, value, step]`, ordered by
 * `outStart`: character `i` of a run (and the end, `i = text.length`, in the last run) comes
 * from original character `value + step * (i - outStart)`; step is 1 for copied text and 0
 * for generated text (which maps to the list name it replaced).
 */
export interface Rewriting {
  text: string;
  runs: number[];
  /** Set instead of `runs` once there are more than MAX_RUNS: the origin of every character. */
  origin?: Int32Array;
}

/** Above this many runs a text's origins are kept as one array. */
const MAX_RUNS = 64;

/** Where one substituted name was written: the list and its original character index. */
export interface PlannedOccurrence {
  list: CompiledList;
  originIdx: number;
}

/** A text not substituted yet: every character comes from itself. */
export function startRewriting(text: string): Rewriting {
  return { text, runs: [0, 0, 1] };
}

/** The per-character origin map of a rewritten text (`text.length + 1` entries). */
export function originMap(rewriting: Rewriting): Int32Array {
  const { runs, text } = rewriting;
  if (rewriting.origin !== undefined) {
    return rewriting.origin;
  }
  const origin = new Int32Array(text.length + 1);
  for (let run = 0; run < runs.length; run += 3) {
    const end = run + 3 < runs.length ? runs[run + 3] : origin.length;
    const value = runs[run + 1];
    const step = runs[run + 2];
    for (let idx = runs[run]; idx < end; idx++) {
      origin[idx] = value + step * (idx - runs[run]);
    }
  }
  return origin;
}

function originAt(runs: readonly number[], idx: number): number {
  let run = 0;
  while (run + 3 < runs.length && runs[run + 3] <= idx) {
    run += 3;
  }
  return runs[run + 1] + runs[run + 2] * (idx - runs[run]);
}

/**
 * The runs after replacing `[start, end)` with `length` generated characters mapping to
 * `nameOrigin`.
 */
function replacedRuns(runs: readonly number[], start: number, end: number, length: number, nameOrigin: number): number[] {
  const next: number[] = [];
  let run = 0;
  for (; run < runs.length && runs[run] < start; run += 3) {
    next.push(runs[run], runs[run + 1], runs[run + 2]);
  }
  next.push(start, nameOrigin, 0);
  // The run holding `end` continues after the generated text.
  while (run + 3 < runs.length && runs[run + 3] <= end) {
    run += 3;
  }
  if (run >= runs.length || runs[run] > end) {
    run -= 3;
  }
  const shift = start + length - end;
  next.push(end + shift, runs[run + 1] + runs[run + 2] * (end - runs[run]), runs[run + 2]);
  for (run += 3; run < runs.length; run += 3) {
    next.push(runs[run] + shift, runs[run + 1], runs[run + 2]);
  }
  return next;
}

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

const COMMA = 44;

/**
 * Falco's `resolve_list` for `list`: every occurrence of its name bounded by delimiters (or
 * the ends) is replaced, with surrounding blanks, by its items and a space (a space before
 * too unless at the start); an empty list also removes one adjacent comma. Updates
 * `rewriting` and returns whether the name occurred.
 */
export function resolveList(rewriting: Rewriting, list: CompiledList, occurrences: PlannedOccurrence[]): boolean {
  const name = list.name;
  if (name === '') {
    return false;
  }
  let cnd = rewriting.text;
  let runs = rewriting.runs;
  let dense = rewriting.origin;
  let start = cnd.indexOf(name);
  let usedList = false;
  while (start !== -1) {
    let end = start + name.length;
    const boundedLeft = start === 0 || isDelimiter(cnd.charCodeAt(start - 1));
    const boundedRight = end >= cnd.length || isDelimiter(cnd.charCodeAt(end));
    if (boundedLeft && boundedRight) {
      const nameOrigin = dense !== undefined ? dense[start] : originAt(runs, start);
      occurrences.push({ list, originIdx: nameOrigin });
      while (start > 0 && isBlank(cnd.charCodeAt(start - 1))) {
        start--;
      }
      while (end < cnd.length && isBlank(cnd.charCodeAt(end))) {
        end++;
      }
      const sub = list.substitution;
      if (sub === '') {
        if (start > 0 && cnd.charCodeAt(start - 1) === COMMA) {
          start--;
        } else if (end < cnd.length && cnd.charCodeAt(end) === COMMA) {
          end++;
        }
      }
      const prefix = start > 0 ? `${cnd.slice(0, start)} ` : '';
      const generatedEnd = prefix.length + sub.length + 1;
      const next = `${prefix}${sub} ${cnd.slice(end)}`;
      if (dense !== undefined) {
        dense = replacedOrigin(dense, start, end, generatedEnd, nameOrigin);
      } else {
        runs = replacedRuns(runs, start, end, generatedEnd - start, nameOrigin);
        if (runs.length > 3 * MAX_RUNS) {
          dense = originMap({ text: next, runs });
        }
      }
      cnd = next;
      start += sub.length + 1;
      usedList = true;
    }
    start = cnd.indexOf(name, start + 1);
  }
  if (usedList) {
    rewriting.text = cnd;
    rewriting.runs = runs;
    rewriting.origin = dense;
  }
  return usedList;
}

/** The origin array after replacing `[start, end)` by generated text ending at `generatedEnd`. */
function replacedOrigin(origin: Int32Array, start: number, end: number, generatedEnd: number, nameOrigin: number): Int32Array {
  const next = new Int32Array(generatedEnd + origin.length - end);
  next.set(origin.subarray(0, start), 0);
  next.fill(nameOrigin, start, generatedEnd);
  next.set(origin.subarray(end), generatedEnd);
  return next;
}
