/**
 * Text that remembers, for every character, the file and offset it came from. Conditions
 * are built from several places (a rule and its appends, exception values, list items), then
 * list-substituted; positions reported by the parser inside the final text map back through
 * this record to the exact token in the user's file. It does not parse anything.
 */

const EMPTY = new Int32Array(1);

/** A text with a source location per character (and one for the end). */
export class SourcedText {
  private m_files: Int32Array | undefined;
  private m_offsets: Int32Array | undefined;
  /** Lazy texts: every character's file, and the offsets computed on first use. */
  private m_file = 0;
  private m_computeOffsets: (() => Int32Array) | undefined;
  /** Derived texts: the text characters come from, and for each character its index there. */
  private m_base: SourcedText | undefined;
  private m_origin: Int32Array | undefined;

  /** `files[i]` (an anchor id) and `offsets[i]`: where `text[i]` came from; index `text.length` is the end. */
  constructor(
    readonly text: string,
    files: Int32Array,
    offsets: Int32Array,
  ) {
    this.m_files = files;
    this.m_offsets = offsets;
  }

  /** Anchor id per character (and the end). */
  get files(): Int32Array {
    if (this.m_files === undefined) {
      if (this.m_base !== undefined) {
        this.materializeDerived();
      } else {
        this.m_files = new Int32Array(this.text.length + 1).fill(this.m_file);
      }
    }
    return this.m_files as Int32Array;
  }

  /** Offset per character (and the end), relative to the character's anchor. */
  get offsets(): Int32Array {
    if (this.m_offsets === undefined) {
      if (this.m_base !== undefined) {
        this.materializeDerived();
      } else if (this.m_computeOffsets !== undefined) {
        this.m_offsets = this.m_computeOffsets();
        this.m_computeOffsets = undefined;
      }
    }
    return this.m_offsets as Int32Array;
  }

  /** A text whose characters map one by one onto `offsets` (length `text.length + 1`). */
  static mapped(text: string, file: number, offsets: Int32Array): SourcedText {
    return new SourcedText(text, new Int32Array(text.length + 1).fill(file), offsets);
  }

  /**
   * Like `mapped`, with offsets computed on first use: most conditions and outputs never
   * need a position (no problem, no compiled rule set requested).
   */
  static lazy(text: string, file: number, computeOffsets: () => Int32Array): SourcedText {
    const sourced = new SourcedText(text, EMPTY, EMPTY);
    sourced.m_files = undefined;
    sourced.m_offsets = undefined;
    sourced.m_file = file;
    sourced.m_computeOffsets = computeOffsets;
    return sourced;
  }

  /**
   * A text made from `base`: character `i` (and the end, `i = text.length`) comes from
   * `base`'s character `origin[i]`. Locations are looked up in `base` until all are needed.
   */
  static derived(text: string, base: SourcedText, origin: Int32Array): SourcedText {
    const sourced = new SourcedText(text, EMPTY, EMPTY);
    sourced.m_files = undefined;
    sourced.m_offsets = undefined;
    sourced.m_base = base;
    sourced.m_origin = origin;
    return sourced;
  }

  private materializeDerived(): void {
    const base = this.m_base as SourcedText;
    const origin = this.m_origin as Int32Array;
    const baseFiles = base.files;
    const baseOffsets = base.offsets;
    const files = new Int32Array(this.text.length + 1);
    const offsets = new Int32Array(this.text.length + 1);
    for (let idx = 0; idx <= this.text.length; idx++) {
      const originIdx = origin[idx];
      files[idx] = baseFiles[originIdx];
      offsets[idx] = baseOffsets[originIdx];
    }
    this.m_files = files;
    this.m_offsets = offsets;
    this.m_base = undefined;
    this.m_origin = undefined;
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
    if (this.m_base !== undefined) {
      // A derived text not materialized: its base knows.
      return this.m_base.at((this.m_origin as Int32Array)[clamped]);
    }
    const offset = this.offsets[clamped];
    // A lazy text has one file and builds no per-character file array for this.
    return { file: this.m_files === undefined ? this.m_file : this.m_files[clamped], offset };
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
