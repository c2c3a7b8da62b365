/**
 * Semantic tokens for conditions and outputs: macro and list references, fields (marked
 * `deprecated` or unknown ones left out), comparison operators, event type names, string
 * values, and rule/macro/list names where they are defined. They refine the TextMate grammar, which
 * cannot tell a macro from a list. Offsets out, sorted; the LSP layer encodes them.
 */
import { type FieldCatalog } from '../fields';
import { type FileSpan, type SymbolIndex } from './symbolIndex';

/** Token types, in the order of the legend the server announces. */
export const SEMANTIC_TOKEN_TYPES = ['macro', 'variable', 'property', 'operator', 'string', 'class', 'function', 'enumMember'] as const;
/** Token modifiers, in legend order (bit i = modifier i). */
export const SEMANTIC_TOKEN_MODIFIERS = ['declaration', 'readonly', 'deprecated'] as const;

export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

export interface SemanticToken extends FileSpan {
  type: SemanticTokenType;
  modifiers: SemanticTokenModifier[];
}

/** The semantic tokens of one file, sorted by offset, without overlaps. */
export function semanticTokens(index: SymbolIndex, catalog: FieldCatalog, file: number): SemanticToken[] {
  const tokens: SemanticToken[] = [];
  for (const occurrence of index.symbols) {
    if (occurrence.file !== file) {
      continue;
    }
    const declaration = occurrence.role !== 'reference';
    const type: SemanticTokenType = occurrence.kind === 'macro' ? (declaration ? 'function' : 'macro') : occurrence.kind === 'list' ? 'variable' : 'class';
    const modifiers: SemanticTokenModifier[] = declaration ? ['declaration'] : [];
    if (occurrence.kind === 'list') {
      modifiers.push('readonly');
    }
    tokens.push({ file, start: occurrence.start, end: occurrence.end, type, modifiers });
  }
  for (const field of index.fields) {
    if (field.file !== file) {
      continue;
    }
    const info = catalog.lookup(field.name, field.source) ?? catalog.lookup(field.name);
    if (info !== undefined) {
      tokens.push({ file, start: field.start, end: field.end, type: 'property', modifiers: info.deprecated ? ['deprecated'] : [] });
    }
  }
  for (const operator of index.operators) {
    if (operator.file === file) {
      tokens.push({ file, start: operator.start, end: operator.end, type: 'operator', modifiers: [] });
    }
  }
  for (const eventType of index.eventTypes) {
    if (eventType.file === file) {
      tokens.push({ file, start: eventType.start, end: eventType.end, type: 'enumMember', modifiers: [] });
    }
  }
  for (const value of index.strings) {
    if (value.file === file) {
      tokens.push({ file, start: value.start, end: value.end, type: 'string', modifiers: [] });
    }
  }
  tokens.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SemanticToken[] = [];
  for (const token of tokens) {
    if (token.end > token.start && (out.length === 0 || token.start >= out[out.length - 1].end)) {
      out.push(token);
    }
  }
  return out;
}
