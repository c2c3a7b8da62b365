/**
 * Folding ranges: one per rule, macro and list item (from its `- ` line to its last line),
 * and one per condition or output written over several lines. Line numbers out (0-based),
 * computed from offsets; it ignores YAML comments between items.
 */
import { type SymbolIndex } from './symbolIndex';

export interface FoldingRange {
  startLine: number;
  endLine: number;
}

/** The folding ranges of one file. */
export function foldingRanges(index: SymbolIndex, file: number): FoldingRange[] {
  const text = index.fileTexts[file] ?? '';
  const lineOf = lineLookup(text);
  const out: FoldingRange[] = [];
  const add = (start: number, end: number): void => {
    // The end offset of an item is often the start of the next line: fold up to the last character.
    const startLine = lineOf(start);
    let endLine = lineOf(Math.max(start, end - 1));
    while (endLine > startLine && /^\s*$/.test(lineText(text, endLine))) {
      endLine--;
    }
    if (endLine > startLine) {
      out.push({ startLine, endLine });
    }
  };
  for (const { file: itemFile, item, conditions } of index.items) {
    if (itemFile !== file) {
      continue;
    }
    add(item.span.start, item.span.end);
    for (const parsed of conditions) {
      add(parsed.scalar.span.start, parsed.scalar.span.end);
    }
    if (item.kind === 'rule' && item.values.output !== undefined) {
      add(item.values.output.span.start, item.values.output.span.end);
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

function lineLookup(text: string): (offset: number) => number {
  const starts = [0];
  for (let idx = text.indexOf('\n'); idx !== -1; idx = text.indexOf('\n', idx + 1)) {
    starts.push(idx + 1);
  }
  return (offset: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  };
}

function lineText(text: string, line: number): string {
  let start = 0;
  for (let idx = 0; idx < line; idx++) {
    start = text.indexOf('\n', start) + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end);
}
