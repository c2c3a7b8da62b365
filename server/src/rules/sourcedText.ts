/**
 * Text that remembers, for every character, the file and offset it came from. Conditions
 * are built from several places (a rule and its appends, exception values, list items), then
 * list-substituted; positions reported by the parser inside the final text map back through
 * this record to the exact token in the user's file. It does not parse anything.
 */

/** A text with a source location per character (and one for the end). */
export class SourcedText {
  /** `files[i]` (an anchor id) and `offsets[i]`: where `text[i]` came from; index `text.length` is the end. */
  constructor(
    readonly text: string,
    readonly files: Int32Array,
    readonly offsets: Int32Array,
  ) {}

  /** A text whose characters map one by one onto `offsets` (length `text.length + 1`). */
  static mapped(text: string, file: number, offsets: Int32Array): SourcedText {
    return new SourcedText(text, new Int32Array(text.length + 1).fill(file), offsets);
  }

  /** A generated text: every character maps to one location. */
  static synthetic(text: string, file: number, offset: number): SourcedText {
    return new SourcedText(text, new Int32Array(text.length + 1).fill(file), new Int32Array(text.length + 1).fill(offset));
  }

  /** Concatenation, keeping every part's locations. */
  static concat(parts: readonly SourcedText[]): SourcedText {
    let length = 0;
    for (const part of parts) {
      length += part.text.length;
    }
    const files = new Int32Array(length + 1);
    const offsets = new Int32Array(length + 1);
    let at = 0;
    for (const part of parts) {
      files.set(part.files.subarray(0, part.text.length), at);
      offsets.set(part.offsets.subarray(0, part.text.length), at);
      at += part.text.length;
    }
    const last = parts.length > 0 ? parts[parts.length - 1] : undefined;
    files[length] = last === undefined ? 0 : last.files[last.text.length];
    offsets[length] = last === undefined ? 0 : last.offsets[last.text.length];
    return new SourcedText(parts.map((part) => part.text).join(''), files, offsets);
  }

  /** The source location of character `idx` (clamped). */
  at(idx: number): { file: number; offset: number } {
    const clamped = Math.max(0, Math.min(idx, this.text.length));
    return { file: this.files[clamped], offset: this.offsets[clamped] };
  }

  /** The part `[start, end)`, keeping locations. */
  slice(start: number, end: number): SourcedText {
    const text = this.text.slice(start, end);
    const files = new Int32Array(text.length + 1);
    const offsets = new Int32Array(text.length + 1);
    files.set(this.files.subarray(start, start + text.length + 1));
    offsets.set(this.offsets.subarray(start, start + text.length + 1));
    if (end < this.text.length && text.length > 0) {
      // The end of a slice is just after its last character.
      files[text.length] = files[text.length - 1];
      offsets[text.length] = offsets[text.length - 1] + 1;
    }
    return new SourcedText(text, files, offsets);
  }
}
