/**
 * Offset ↔ line/column conversion for one file's text, 0-based like Falco's YAML marks.
 * Columns count UTF-16 code units, the unit every offset in the server uses.
 */
import { type FilePosition } from './loadCodes';

/** Line starts of one text, built once per text. */
export class LineIndex {
  private readonly m_lineStarts: number[];

  constructor(readonly text: string) {
    const lineStarts = [0];
    for (let idx = text.indexOf('\n'); idx !== -1; idx = text.indexOf('\n', idx + 1)) {
      lineStarts.push(idx + 1);
    }
    this.m_lineStarts = lineStarts;
  }

  /** The position of an offset (clamped to the text). */
  position(offset: number): FilePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.m_lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.m_lineStarts[mid] <= clamped) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return { line: low, column: clamped - this.m_lineStarts[low], offset: clamped };
  }

  /** The offset of a 0-based line and column (clamped to the text). */
  offset(line: number, column: number): number {
    if (line < 0) {
      return 0;
    }
    if (line >= this.m_lineStarts.length) {
      return this.text.length;
    }
    return Math.min(this.m_lineStarts[line] + Math.max(0, column), this.text.length);
  }
}
