/**
 * Finding list names among the delimited pieces of a text (`text.split(/[ \t\n\r(),=]+/)`),
 * which is how a list name with no delimiter in it can occur in a condition. Most pieces of a
 * condition are fields, operators and values, not list names, and cutting each one out to
 * look it up is what planning a substitution spent its time on, so a piece is cut out only
 * when its first character and length match some name's (a bit test, no allocation). It does
 * not substitute anything.
 */

/** The delimiters around a list name: blanks, parentheses, comma, equals (`[ \t\n\r(),=]`). */
export function isDelimiter(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 40 || code === 41 || code === 44 || code === 61;
}

/** Names with a pre-test: for each first character (mod 64), a bit per length (mod 32). */
export class NameFilter {
  private readonly m_lengthsByFirst = new Uint32Array(64);

  constructor(names: Iterable<string>) {
    for (const name of names) {
      this.m_lengthsByFirst[firstKey(name, 0, name.length)] |= 1 << (name.length & 31);
    }
  }

  /** Whether `text.slice(start, end)` may be one of the names. */
  mayHold(text: string, start: number, end: number): boolean {
    return (this.m_lengthsByFirst[firstKey(text, start, end)] & (1 << ((end - start) & 31))) !== 0;
  }
}

function firstKey(text: string, start: number, end: number): number {
  return end > start ? text.charCodeAt(start) & 63 : 0;
}

/**
 * Calls `found` with each piece of `text` that passes `filter`, in order (repeats included).
 * Stops early when `found` returns true; returns whether it did.
 */
export function somePiece(text: string, filter: NameFilter, found: (piece: string) => boolean): boolean {
  let start = 0;
  for (let idx = 0; idx <= text.length; idx++) {
    if (idx === text.length || isDelimiter(text.charCodeAt(idx))) {
      // A run of delimiters splits once: empty pieces only at the ends, as split gives them.
      if ((idx > start || start === 0 || idx === text.length) && filter.mayHold(text, start, idx) && found(text.slice(start, idx))) {
        return true;
      }
      while (idx + 1 < text.length && isDelimiter(text.charCodeAt(idx + 1))) {
        idx++;
      }
      start = idx + 1;
    }
  }
  return false;
}
