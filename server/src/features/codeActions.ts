/**
 * Quick fixes ("did you mean"): for an unknown field, macro or list name and a misspelled
 * operator inside the requested span, the closest known names; for a priority Falco does
 * not accept, the closest priority. Suggestions are ranked by edit distance and limited to
 * close ones, so a fix is offered only when it is likely what the author meant.
 */
import { type FieldCatalog } from '../fields';
import { ALL_OPERATORS } from '../fields/operators';
import { parsePriority, PRIORITY_NAMES } from '../rules/readRule';
import { type FileSpan, type SymbolIndex } from './symbolIndex';

export interface QuickFix {
  title: string;
  edit: FileSpan & { newText: string };
  /** True for the single best suggestion. */
  preferred: boolean;
}

const MAX_SUGGESTIONS = 3;
const WORD_OPERATORS = ALL_OPERATORS.filter((op) => /^[a-z]+$/.test(op));
const NOT_OPERATORS = new Set(['and', 'or', 'not', ...WORD_OPERATORS, 'oneof', 'anyof', 'allof']);

/** The quick fixes for problems inside `[start, end]` of `file`. */
export function quickFixes(index: SymbolIndex, catalog: FieldCatalog, file: number, start: number, end: number): QuickFix[] {
  const inRange = (span: FileSpan): boolean => span.file === file && span.start <= end && span.end >= start;
  const fixes: QuickFix[] = [];
  // Step 1: unknown fields.
  for (const field of index.fields.filter(inRange)) {
    if (catalog.lookup(field.name, field.source) === undefined && catalog.lookup(field.name) === undefined) {
      const names = catalog.fieldsForSource(field.source).map((info) => info.name);
      const nameEnd = field.start + field.name.length;
      fixes.push(...suggest(field.name, names, { file, start: field.start, end: nameEnd }));
    }
  }
  // Step 2: macro and list names that nothing defines.
  for (const occurrence of index.symbols.filter(inRange)) {
    if (occurrence.role === 'reference' && (occurrence.kind === 'macro' || occurrence.kind === 'list') && !index.names(occurrence.kind).includes(occurrence.name)) {
      fixes.push(...suggest(occurrence.name, index.names(occurrence.kind), occurrence));
    }
  }
  // Step 3: misspelled word operators after a field (the condition does not parse, so read the text).
  const text = index.fileTexts[file] ?? '';
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEndIdx = text.indexOf('\n', end);
  const lineEnd = lineEndIdx < 0 ? text.length : lineEndIdx;
  const chunk = text.slice(lineStart, lineEnd);
  for (const match of chunk.matchAll(/[a-zA-Z_]+\.[a-zA-Z0-9_.]+(?:\[[^\]]*\])?\s+([a-z]+)\b/g)) {
    const word = match[1];
    if (!NOT_OPERATORS.has(word)) {
      const wordStart = lineStart + (match.index ?? 0) + match[0].length - word.length;
      fixes.push(...suggest(word, WORD_OPERATORS, { file, start: wordStart, end: wordStart + word.length }));
    }
  }
  // Step 4: a priority Falco does not accept.
  const priority = /^(\s*priority:\s*)([A-Za-z]+)\s*$/.exec(chunk);
  if (priority !== null && parsePriority(priority[2]) === undefined) {
    const valueStart = lineStart + priority[1].length;
    const upper = PRIORITY_NAMES.map((name) => name.toUpperCase());
    fixes.push(...suggest(priority[2].toUpperCase(), upper, { file, start: valueStart, end: valueStart + priority[2].length }, 4));
  }
  return fixes;
}

/** The closest candidates to `wrong`, as fixes replacing `span`. */
function suggest(wrong: string, candidates: readonly string[], span: FileSpan, maxDistance?: number): QuickFix[] {
  const limit = maxDistance ?? Math.max(1, Math.min(3, Math.floor(wrong.length / 3)));
  const ranked = [...new Set(candidates)]
    .filter((candidate) => candidate !== wrong)
    .map((candidate) => ({ candidate, distance: editDistance(wrong.toLowerCase(), candidate.toLowerCase()) }))
    .filter((entry) => entry.distance <= limit || entry.candidate.toLowerCase().startsWith(wrong.toLowerCase()))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, MAX_SUGGESTIONS);
  return ranked.map((entry, rank) => ({
    title: `Did you mean '${entry.candidate}'?`,
    edit: { file: span.file, start: span.start, end: span.end, newText: entry.candidate },
    preferred: rank === 0,
  }));
}

/** Levenshtein distance with adjacent transpositions counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const dist: number[][] = Array.from({ length: rows }, (_, row) => Array.from({ length: cols }, (_unused, col) => (row === 0 ? col : col === 0 ? row : 0)));
  for (let row = 1; row < rows; row++) {
    for (let col = 1; col < cols; col++) {
      const cost = a[row - 1] === b[col - 1] ? 0 : 1;
      dist[row][col] = Math.min(dist[row - 1][col] + 1, dist[row][col - 1] + 1, dist[row - 1][col - 1] + cost);
      if (row > 1 && col > 1 && a[row - 1] === b[col - 2] && a[row - 2] === b[col - 1]) {
        dist[row][col] = Math.min(dist[row][col], dist[row - 2][col - 2] + 1);
      }
    }
  }
  return dist[a.length][b.length];
}
