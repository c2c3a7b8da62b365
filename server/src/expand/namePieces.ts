/**
 * Finding list names among the delimited pieces of a text (`text.split(/[ \t\n\r(),=]+/)`),
 * which is how a list name with no delimiter in it can occur in a condition. Most pieces of a
 * condition are fields, operators and values, not list names, and cutting each one out to
 * look it up is what planning a substitution spent its time on, so a piece is cut out only
 * when its first character and length match some name's (a bit test, no allocation). It does
 * not substitute anything.
 */

/** The delimiters around a list name: blanks, parentheses, comma, equals (`[ \t\n\r(),=]`). */
const DELIMITERS = new Uint8Array(128);
for (const delimiter of ' \t\n\r(),=') {
  DELIMITERS[delimiter.charCodeAt(0)] = 1;
}

/** Whether a character code is one of the delimiters around a list name. */
export function isDelimiter(code: number): boolean {
  return code < 128 && DELIMITERS[code] === 1;
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
  const length = text.length;
  let start = 0;
  let idx = 0;
  for (;;) {
    while (idx < length && !isDelimiter(text.charCodeAt(idx))) idx++;
    if (filter.mayHold(text, start, idx) && found(text.slice(start, idx))) return true;
    if (idx === length) return false;
    // A run of delimiters splits once; one empty piece follows when the text ends with it.
    while (idx < length && isDelimiter(text.charCodeAt(idx))) idx++;
    start = idx;
    if (idx === length) return filter.mayHold(text, idx, idx) && found('');
  }
}
