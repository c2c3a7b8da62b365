/**
 * A fast reader for the YAML that rules files are made of: one block sequence at column 0
 * whose items are block mappings of plain keys, with plain, quoted, block (`|`, `>`) and
 * flow-sequence values, nested block sequences and mappings. It builds the `yaml`
 * package's own node classes with the same values and ranges, several times faster than
 * the general parser. Anything outside that subset (anchors, aliases, tags, flow maps,
 * multi-line quoted scalars, tabs, CR, explicit indentation, `+` chomping, odd plain
 * scalars, any syntax error) returns undefined and the caller uses the `yaml` package,
 * which stays the reference. Equivalence is tested on every fixture and golden file.
 */
import { type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { decodeBlockValue } from './scalars';
import { newKeyPair, newMap, newScalar, newSeq, setNodeEnd, type FastRanged } from './yamlFactory';

type FastNode = Scalar | YAMLMap | YAMLSeq;

/**
 * Parses a one-sequence YAML text; null for a text of comments; undefined when unsure.
 * `info.yamlEnds` tells whether collections got the yaml package's ends (see `yamlEnds`).
 */
export function fastParseSequence(text: string, info?: { yamlEnds: boolean }): YAMLSeq | null | undefined {
  if (text.includes('\r') || text.includes('\t')) {
    return undefined;
  }
  const parser = new FastParser(text);
  stackTop = 0;
  try {
    const seq = parser.document();
    if (seq !== null && parser.closedAtKeyColumn) {
      // Give collections the ends the yaml package gives them (see `yamlEnds`).
      if (parser.blockScalarOrEmpty) {
        return undefined;
      }
      yamlEnds(seq, text);
      if (info !== undefined) {
        info.yamlEnds = true;
      }
    }
    return seq;
  } catch (err) {
    if (err === UNSUPPORTED || err instanceof RangeError) {
      // RangeError: a stack overflow on absurd nesting; the general parser reports it.
      return undefined;
    }
    throw err;
  }
}

const UNSUPPORTED = new Error('outside the fast YAML subset');
const SPACE_CODE = 32;
const HASH_CODE = 35;
const COLON_CODE = 58;
const DOUBLE_QUOTE_CODE = 34;
const SINGLE_QUOTE_CODE = 39;
const OPEN_BRACKET_CODE = 91;
const OPEN_BRACE_CODE = 123;
const CLOSE_BRACE_CODE = 125;
const CLOSE_BRACKET_CODE = 93;
const COMMA_CODE = 44;
const NEWLINE_CODE = 10;
const MAX_FLOW_DEPTH = 64;
const PLAIN_START_FORBIDDEN = new Set(['&', '*', '!', '{', '}', '[', ']', '|', '>', '%', '@', '`', '#', ',', '?', ':', '"', "'"]);
const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

/*
 * The items of the collections being read, innermost last: a collection's items are copied
 * out in one exactly sized array when it ends (an array grown by `push` has room for 16, and
 * a cold load builds ~2000 collections). Shared by every parse (one parse runs at a time);
 * slots above `stackTop` may still name nodes of an earlier parse until overwritten.
 */
const itemStack: unknown[] = [];
let stackTop = 0;

function pushItem(item: unknown): void {
  itemStack[stackTop++] = item;
}

/** The items pushed since `base`, removed from the stack. */
function itemsFrom(base: number): unknown[] {
  const items = itemStack.slice(base, stackTop);
  stackTop = base;
  return items;
}

/**
 * The length of the plain scalar starting `line` (the rest of its line): up to ` #` or the
 * end, trailing spaces trimmed. Native searches rather than a loop over the characters: plain
 * values (descriptions, outputs, conditions) are much of the file.
 */
function plainLength(line: string): number {
  const comment = line.indexOf(' #');
  let end = comment === -1 ? line.length : comment + 1;
  for (let colon = line.indexOf(':'); colon !== -1 && colon < end; colon = line.indexOf(':', colon + 1)) {
    if (colon + 1 === line.length || line.charCodeAt(colon + 1) === SPACE_CODE) {
      unsupported();
    }
  }
  while (end > 0 && line.charCodeAt(end - 1) === SPACE_CODE) {
    end--;
  }
  return end;
}

function unsupported(): never {
  throw UNSUPPORTED;
}

/**
 * The end the yaml package gives a node: a scalar or flow sequence ends after the line
 * break of the line it ends on (a comment on that line included); a block collection where
 * its last value does. Applied to every block collection of a text whose flow sequence
 * closed at its key's column (the package then reads it, and item-level diagnostics take
 * its ranges); texts with block scalars or empty values are left to the package instead.
 */
function yamlEnds(node: FastNode, text: string): number {
  if (isScalarNode(node) || text[startOf(node)] === '[') {
    const eol = text.indexOf('\n', endOf(node));
    return eol === -1 ? text.length : eol + 1;
  }
  let end = endOf(node);
  for (const item of node.items as unknown[]) {
    const value = (isPairNode(item) ? item.value : item) as FastNode;
    end = yamlEnds(value, text);
  }
  setNodeEnd(node, end);
  return end;
}

function startOf(node: FastNode): number {
  return (node as unknown as FastRanged).fastStart;
}

function endOf(node: FastNode): number {
  return (node as unknown as FastRanged).fastEnd;
}

function isScalarNode(node: FastNode): node is Scalar {
  return !('items' in node);
}

function isPairNode(item: unknown): item is { value: unknown } {
  return typeof item === 'object' && item !== null && 'key' in item;
}

class FastParser {
  /** True when a flow sequence closed at its key's column (see `yamlEnds`). */
  closedAtKeyColumn = false;
  /** True when the text holds a block scalar or an empty value. */
  blockScalarOrEmpty = false;
  private m_pos = 0;
  /** Lines inside a flow sequence must be indented past the enclosing block's column. */
  private m_flowMinColumn = 0;
  /** The last key asked about (`keyColon`) and its colon. */
  private m_keyAt = -1;
  private m_keyColon = -1;
  /** The last content found on a following line (`peekNextContentLine`) and its column. */
  private m_peekAt = -1;
  private m_peekColumn = 0;

  constructor(private readonly m_text: string) {}

  document(): YAMLSeq | null {
    this.skipBlankAndCommentLines();
    if (this.m_pos >= this.m_text.length) {
      return null;
    }
    if (this.column(this.m_pos) !== 0 || !this.isSeqIndicator(this.m_pos)) {
      unsupported();
    }
    const seq = this.blockSeq(0);
    this.skipBlankAndCommentLines();
    if (this.m_pos < this.m_text.length) {
      unsupported();
    }
    return seq;
  }

  /** A block sequence whose `-` are at column `indent`; `m_pos` is at the first `-`. */
  private blockSeq(indent: number): YAMLSeq {
    const start = this.m_pos;
    const base = stackTop;
    let end = start;
    for (;;) {
      // At a `-` at column `indent`.
      const dash = this.m_pos;
      this.m_pos = dash + 1;
      this.skipSpaces();
      const item = this.blockValue(indent, this.m_pos, true);
      pushItem(item);
      end = Math.max(end, endOf(item));
      const next = this.peekNextContentLine();
      if (next === undefined || this.column(next) !== indent || !this.isSeqIndicator(next)) {
        break;
      }
      this.m_pos = next;
    }
    return newSeq(itemsFrom(base), start, end);
  }

  /**
   * The value after `- ` or `key:` (m_pos after the indicator and its spaces). `parentIndent`
   * is the column of the `-` or key; `inSeq` allows a compact mapping (`- key: value`).
   */
  private blockValue(parentIndent: number, emptyAt: number, inSeq: boolean): FastNode {
    const ch = this.m_text[this.m_pos];
    if (this.atLineEndOrComment()) {
      // The value is on the following lines, or empty.
      const next = this.peekNextContentLine();
      if (next !== undefined) {
        const col = this.column(next);
        if (col > parentIndent || (!inSeq && col === parentIndent && this.isSeqIndicator(next))) {
          this.m_pos = next;
          if (this.isSeqIndicator(next)) {
            return this.blockSeq(col);
          }
          if (this.looksLikeKey(next)) {
            return this.blockMap(col);
          }
          // A scalar or flow value written on the next line (`priority:\n    WARNING`).
          const first = this.m_text[next];
          if (first === '"' || first === "'") {
            return this.afterInlineValue(this.quoted());
          }
          if (first === '[') {
            this.m_flowMinColumn = parentIndent + 1;
            return this.afterInlineValue(this.flowSeq());
          }
          if (PLAIN_START_FORBIDDEN.has(first) || (first === '-' && this.m_text[next + 1] === ' ')) {
            unsupported();
          }
          return this.plain(parentIndent);
        }
      }
      this.skipToLineEnd();
      this.blockScalarOrEmpty = true;
      return scalar('', 'PLAIN', emptyAt, emptyAt);
    }
    if (inSeq && this.looksLikeKey(this.m_pos)) {
      return this.blockMap(this.column(this.m_pos));
    }
    if (inSeq && this.isSeqIndicator(this.m_pos)) {
      unsupported();
    }
    switch (ch) {
      case '[':
        this.m_flowMinColumn = parentIndent + 1;
        return this.afterInlineValue(this.flowSeq());
      case '"':
      case "'":
        return this.afterInlineValue(this.quoted());
      case '|':
      case '>':
        return this.blockScalar(parentIndent);
      default:
        if (PLAIN_START_FORBIDDEN.has(ch) || (ch === '-' && this.m_text[this.m_pos + 1] === ' ')) {
          unsupported();
        }
        return this.plain(parentIndent);
    }
  }

  /** A block mapping whose keys are at column `indent`; `m_pos` is at the first key. */
  private blockMap(indent: number): YAMLMap {
    const start = this.m_pos;
    const base = stackTop;
    let end = start;
    for (;;) {
      const keyStart = this.m_pos;
      const colon = this.keyColon(keyStart);
      if (colon === -1) {
        unsupported();
      }
      const key = this.m_text.slice(keyStart, colon);
      this.m_pos = colon + 1;
      this.skipSpaces();
      const value = this.blockValue(indent, this.m_pos, false);
      pushItem(newKeyPair(key, keyStart, colon, value));
      end = Math.max(end, endOf(value));
      const next = this.peekNextContentLine();
      if (next === undefined || this.column(next) !== indent) {
        break;
      }
      if (this.isSeqIndicator(next) || !this.looksLikeKey(next)) {
        // A sequence item of the parent at this column ends the mapping only when the
        // parent is that sequence; anything else here is outside the subset.
        if (this.isSeqIndicator(next) && indent === this.column(next)) {
          break;
        }
        unsupported();
      }
      this.m_pos = next;
    }
    return newMap(itemsFrom(base) as Pair[], start, end);
  }

  private plain(parentIndent: number): Scalar {
    const text = this.m_text;
    const start = this.m_pos;
    const firstLine = text.slice(start, this.lineEnd(start));
    const firstLength = plainLength(firstLine);
    let end = start + firstLength;
    // Nearly every plain scalar is one line, usually all of the rest of it: its value is then
    // that line's slice.
    let value = firstLength === firstLine.length ? firstLine : firstLine.slice(0, firstLength);
    // Continuation lines (more indented than the parent), folded with spaces/newlines.
    for (;;) {
      const lineEnd = this.lineEnd(end);
      let probe = lineEnd + 1;
      let emptyLines = 0;
      let nextContent = -1;
      while (probe < text.length) {
        const contentAt = this.firstNonSpace(probe);
        if (this.isLineEnd(contentAt)) {
          emptyLines++;
          probe = contentAt + 1;
          continue;
        }
        nextContent = contentAt;
        break;
      }
      // `probe` is the start of the line holding `nextContent`.
      if (nextContent === -1 || nextContent - probe <= parentIndent || text[nextContent] === '#') {
        break;
      }
      const part = text.slice(nextContent, this.lineEnd(nextContent));
      if (plainLength(part) < part.length) {
        unsupported();
      }
      value += (emptyLines === 0 ? ' ' : '\n'.repeat(emptyLines)) + part;
      end = nextContent + part.length;
    }
    this.m_pos = end;
    this.afterInlineValue(undefined);
    return scalar(value, 'PLAIN', start, end);
  }

  private quoted(): Scalar {
    const start = this.m_pos;
    const quote = this.m_text[start];
    const eol = this.lineEnd(start);
    // The value is built from runs of source text between escapes (usually one run).
    let value = '';
    let idx = start + 1;
    let runStart = idx;
    for (;;) {
      if (idx >= eol) {
        unsupported();
      }
      const ch = this.m_text[idx];
      if (quote === "'" && ch === "'") {
        if (this.m_text[idx + 1] === "'") {
          value += this.m_text.slice(runStart, idx + 1);
          idx += 2;
          runStart = idx;
          continue;
        }
        break;
      }
      if (quote === '"' && ch === '"') {
        break;
      }
      if (quote === '"' && ch === '\\') {
        value += this.m_text.slice(runStart, idx);
        const next = this.m_text[idx + 1];
        const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
        if (hexLength > 0) {
          const hex = this.m_text.slice(idx + 2, idx + 2 + hexLength);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) {
            unsupported();
          }
          value += String.fromCodePoint(parseInt(hex, 16));
          idx += 2 + hexLength;
          runStart = idx;
          continue;
        }
        const decoded = next === undefined ? undefined : DOUBLE_ESCAPES[next];
        if (decoded === undefined) {
          unsupported();
        }
        value += decoded;
        idx += 2;
        runStart = idx;
        continue;
      }
      idx++;
    }
    value += this.m_text.slice(runStart, idx);
    this.m_pos = idx + 1;
    return scalar(value, quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', start, idx + 1);
  }

  private flowSeq(depth = 0): YAMLSeq {
    if (depth > MAX_FLOW_DEPTH) {
      unsupported();
    }
    const start = this.m_pos;
    const base = stackTop;
    this.m_pos++;
    let expectItem = true;
    for (;;) {
      this.skipFlowSpace(depth === 0);
      const ch = this.m_text[this.m_pos];
      if (ch === undefined) {
        unsupported();
      }
      if (ch === ']') {
        this.m_pos++;
        break;
      }
      if (ch === ',') {
        if (expectItem) {
          unsupported();
        }
        this.m_pos++;
        expectItem = true;
        continue;
      }
      if (!expectItem) {
        unsupported();
      }
      expectItem = false;
      if (ch === '[') {
        pushItem(this.flowSeq(depth + 1));
      } else if (ch === '"' || ch === "'") {
        pushItem(this.quoted());
      } else {
        pushItem(this.flowPlain());
      }
    }
    return newSeq(itemsFrom(base), start, this.m_pos);
  }

  private flowPlain(): Scalar {
    const start = this.m_pos;
    const ch = this.m_text[start];
    if (PLAIN_START_FORBIDDEN.has(ch) || (ch === '-' && this.m_text[start + 1] === ' ')) {
      unsupported();
    }
    const text = this.m_text;
    let idx = start;
    for (; idx < text.length; idx++) {
      const code = text.charCodeAt(idx);
      if (code === COMMA_CODE || code === CLOSE_BRACKET_CODE || code === NEWLINE_CODE) {
        break;
      }
      if (code === OPEN_BRACKET_CODE || code === OPEN_BRACE_CODE || code === CLOSE_BRACE_CODE || (code === HASH_CODE && text.charCodeAt(idx - 1) === SPACE_CODE)) {
        unsupported();
      }
      if (code === COLON_CODE && (idx + 1 >= text.length || ' ,]\n'.includes(text[idx + 1]))) {
        unsupported();
      }
    }
    let end = idx;
    while (end > start && text.charCodeAt(end - 1) === SPACE_CODE) {
      end--;
    }
    if (this.m_text[idx] === '\n') {
      // A plain item must end on its line (multi-line flow scalars fold: not in the subset).
      const after = this.firstNonSpaceAcrossLines(idx);
      if (after !== -1 && this.m_text[after] !== ',' && this.m_text[after] !== ']') {
        unsupported();
      }
    }
    this.m_pos = end;
    return scalar(this.m_text.slice(start, end), 'PLAIN', start, end);
  }

  private blockScalar(parentIndent: number): Scalar {
    this.blockScalarOrEmpty = true;
    const start = this.m_pos;
    const folded = this.m_text[start] === '>';
    const headerEnd = this.lineEnd(start);
    const header = this.m_text.slice(start + 1, headerEnd).replace(/\s+#.*$/, '').trim();
    if (!/^-?$/.test(header)) {
      unsupported();
    }
    // Content lines: the first non-empty one sets the indentation.
    let lineStart = headerEnd + 1;
    let blockIndent = -1;
    let end = Math.min(headerEnd + 1, this.m_text.length);
    let leadingEmptyMax = 0;
    while (lineStart < this.m_text.length) {
      const eol = this.lineEnd(lineStart);
      const content = this.firstNonSpace(lineStart);
      if (content >= eol) {
        if (blockIndent === -1) {
          leadingEmptyMax = Math.max(leadingEmptyMax, eol - lineStart);
        }
        lineStart = eol + 1;
        continue;
      }
      const col = content - lineStart;
      if (blockIndent === -1) {
        if (col <= parentIndent || leadingEmptyMax > col) {
          unsupported();
        }
        blockIndent = col;
      } else if (col < blockIndent) {
        break;
      }
      end = Math.min(eol + 1, this.m_text.length);
      lineStart = eol + 1;
    }
    if (blockIndent === -1) {
      unsupported();
    }
    // Leave the position on the last content line, like other values.
    this.m_pos = end > headerEnd + 1 && this.m_text[end - 1] === '\n' ? end - 1 : end;
    return scalar(decodeBlockValue(this.m_text, start, end, folded), folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL', start, end);
  }

  /** After an inline value: only spaces and a comment may follow on the line. */
  private afterInlineValue<T extends FastNode | undefined>(node: T): T {
    const valueEnd = this.m_pos;
    this.skipSpaces();
    // A comment needs a blank before it (`]# x` is a YAML error).
    if (!this.atLineEndOrComment() || (this.m_text[this.m_pos] === '#' && this.m_pos === valueEnd)) {
      unsupported();
    }
    this.skipToLineEnd();
    return node;
  }

  private looksLikeKey(at: number): boolean {
    return this.keyColon(at) !== -1;
  }

  /**
   * The offset of the `:` ending a plain key starting at `at`, or -1. A mapping asks twice
   * for each key (does the next line hold one, then where is it): the last answer is kept.
   */
  private keyColon(at: number): number {
    if (at !== this.m_keyAt) {
      this.m_keyAt = at;
      this.m_keyColon = this.findKeyColon(at);
    }
    return this.m_keyColon;
  }

  private findKeyColon(at: number): number {
    const first = this.m_text[at];
    if (first === undefined || PLAIN_START_FORBIDDEN.has(first) || first === '-' || first === ' ') {
      return -1;
    }
    // Up to the colon only (keys are short), not to the end of the line first.
    const text = this.m_text;
    for (let idx = at; idx < text.length; idx++) {
      const code = text.charCodeAt(idx);
      if (code === NEWLINE_CODE) {
        return -1;
      }
      if (code === COLON_CODE && (idx + 1 === text.length || text.charCodeAt(idx + 1) === SPACE_CODE || text.charCodeAt(idx + 1) === NEWLINE_CODE)) {
        return text.charCodeAt(idx - 1) === SPACE_CODE ? -1 : idx;
      }
      if (code === HASH_CODE || code === DOUBLE_QUOTE_CODE || code === SINGLE_QUOTE_CODE || code === OPEN_BRACKET_CODE || code === OPEN_BRACE_CODE) {
        return -1;
      }
    }
    return -1;
  }

  private isSeqIndicator(at: number): boolean {
    return this.m_text[at] === '-' && (this.m_text[at + 1] === ' ' || this.m_text[at + 1] === '\n' || at + 1 === this.m_text.length);
  }

  private atLineEndOrComment(): boolean {
    const ch = this.m_text[this.m_pos];
    return ch === undefined || ch === '\n' || ch === '#';
  }

  /** The first content character of the following lines (skipping blank and comment lines). */
  private peekNextContentLine(): number | undefined {
    let lineStart = this.lineEnd(this.m_pos) + 1;
    while (lineStart < this.m_text.length) {
      const content = this.firstNonSpace(lineStart);
      if (!this.isLineEnd(content) && this.m_text.charCodeAt(content) !== HASH_CODE) {
        // Its column is asked next: known here without a search back to the line start.
        this.m_peekAt = content;
        this.m_peekColumn = content - lineStart;
        return content;
      }
      // A blank or comment line (only a comment needs a scan to its end).
      lineStart = this.lineEnd(content) + 1;
    }
    return undefined;
  }

  /** True at a line break or the end of the text. */
  private isLineEnd(at: number): boolean {
    return at >= this.m_text.length || this.m_text.charCodeAt(at) === NEWLINE_CODE;
  }

  private skipBlankAndCommentLines(): void {
    while (this.m_pos < this.m_text.length) {
      const content = this.firstNonSpace(this.m_pos);
      const eol = this.lineEnd(this.m_pos);
      if (content < eol && this.m_text[content] !== '#') {
        this.m_pos = content;
        return;
      }
      this.m_pos = eol + 1;
    }
  }

  /**
   * Skips blanks, line breaks and comments inside a flow sequence. The closing `]` of the
   * outermost sequence may sit one column left of the other lines (at the key's column, as
   * in `items: [` … `  ]`); the `yaml` package accepts that too.
   */
  private skipFlowSpace(outermost: boolean): void {
    while (this.m_pos < this.m_text.length) {
      const ch = this.m_text[this.m_pos];
      if (ch === '\n') {
        this.m_pos++;
        const content = this.firstNonSpace(this.m_pos);
        const blank = content >= this.lineEnd(this.m_pos);
        const column = content - this.m_pos;
        const closing = outermost && this.m_text[content] === ']' && column === this.m_flowMinColumn - 1;
        if (!blank && column < this.m_flowMinColumn && !closing) {
          unsupported();
        }
        this.closedAtKeyColumn ||= closing;
      } else if (ch === ' ') {
        this.m_pos++;
      } else if (ch === '#' && (this.m_text[this.m_pos - 1] === ' ' || this.m_text[this.m_pos - 1] === '\n')) {
        this.m_pos = this.lineEnd(this.m_pos);
      } else {
        return;
      }
    }
  }

  private firstNonSpaceAcrossLines(at: number): number {
    for (let idx = at; idx < this.m_text.length; idx++) {
      if (this.m_text[idx] !== ' ' && this.m_text[idx] !== '\n') {
        return idx;
      }
    }
    return -1;
  }

  private skipSpaces(): void {
    while (this.m_text.charCodeAt(this.m_pos) === SPACE_CODE) {
      this.m_pos++;
    }
  }

  private skipToLineEnd(): void {
    this.m_pos = this.lineEnd(this.m_pos);
  }

  private firstNonSpace(at: number): number {
    let idx = at;
    while (this.m_text.charCodeAt(idx) === SPACE_CODE) {
      idx++;
    }
    return idx;
  }

  private lineEnd(at: number): number {
    const eol = this.m_text.indexOf('\n', at);
    return eol === -1 ? this.m_text.length : eol;
  }

  private column(at: number): number {
    if (at === this.m_peekAt) {
      return this.m_peekColumn;
    }
    return at - (this.m_text.lastIndexOf('\n', at - 1) + 1);
  }
}

function scalar(value: string, type: Scalar.Type, start: number, end: number): Scalar {
  return newScalar(value, type, start, end);
}
