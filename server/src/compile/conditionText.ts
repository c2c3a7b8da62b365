/**
 * Parsing of list-substituted condition text, cached by text: the parser is pure, and the
 * cache keeps AST nodes stable across loads so per-node caches (checks, event types) hit
 * after an edit elsewhere. Also maps parser ranges back to file spans. It does not check.
 */
import { parseCondition, type ConditionParseResult, type Range } from '../condition';
import { type Span } from '../rules/items';
import { type SourcedText } from '../rules/sourcedText';

const MAX_CACHED = 20000;
const parseCache = new Map<string, ConditionParseResult>();

/** Parses condition text, reusing the result for a text seen before. */
export function parseConditionCached(text: string): ConditionParseResult {
  const cached = parseCache.get(text);
  if (cached !== undefined) {
    return cached;
  }
  const result = parseCondition(text);
  if (parseCache.size >= MAX_CACHED) {
    parseCache.clear();
  }
  parseCache.set(text, result);
  return result;
}

/** Forgets every cached parse (benchmarks measure cold loads with it). */
export function clearParseCache(): void {
  parseCache.clear();
}

/** The file span of `range` in a parsed text. */
export function spanOf(text: SourcedText, range: Range): Span {
  const start = text.at(range.start);
  const endIdx = Math.max(range.start, range.end - 1);
  const last = text.at(endIdx);
  const end = range.end > range.start && last.file === start.file ? Math.max(start.offset, last.offset + 1) : start.offset;
  return { file: start.file, start: start.offset, end };
}
