/**
 * Offset ↔ line/column conversion for one file's text, 0-based like Falco's YAML marks.
 * Columns count UTF-16 code units, the unit every offset in the server uses.
 */
import { type FilePosition } from './loadCodes';

/** Line starts of one text, built once per text, on first use (most loads convert no position). */
export class LineIndex {
  private m_starts: number[] | undefined;

  constructor(readonly text: string) {}

  private lineStarts(): number[] {
    if (this.m_starts === undefined) {
      const lineStarts = [0];
      for (let idx = this.text.indexOf('\n'); idx !== -1; idx = this.text.indexOf('\n', idx + 1)) {
        lineStarts.push(idx + 1);
      }
      this.m_starts = lineStarts;
    }
    return this.m_starts;
  }

  /** The position of an offset (clamped to the text). */
  position(offset: number): FilePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    const lineStarts = this.lineStarts();
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= clamped) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return { line: low, column: clamped - lineStarts[low], offset: clamped };
  }

  /** The offset of a 0-based line and column (clamped to the text). */
  offset(line: number, column: number): number {
    if (line < 0) {
      return 0;
    }
    const lineStarts = this.lineStarts();
    if (line >= lineStarts.length) {
      return this.text.length;
    }
    return Math.min(lineStarts[line] + Math.max(0, column), this.text.length);
  }
}
