/**
 * Converts between the core's plain records (offsets into a file's text, Falco load
 * problems, feature results) and LSP types (line/character ranges, diagnostics). This is
 * the only place that knows both vocabularies; it holds no state.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Position, type Range } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/** A source of offset ↔ position conversion for one file's text. */
export type Positions = Pick<TextDocument, 'positionAt' | 'offsetAt'>;

/** Builds the conversion for a text (an open document can be used directly). */
export function positionsOf(text: string): Positions {
  return TextDocument.create('', 'falco', 0, text);
}

/** `[start, end)` offsets → an LSP range. */
export function toRange(positions: Positions, start: number, end: number): Range {
  return { start: positions.positionAt(start), end: positions.positionAt(Math.max(start, end)) };
}

/** An LSP position → an offset. */
export function toOffset(positions: Positions, position: Position): number {
  return positions.offsetAt(position);
}

/** What convert needs of a Falco load problem (`rules/loadCodes.ts` `Problem`). */
export interface ProblemLike {
  code: string;
  message: string;
  itemType: string;
  itemName: string;
  position: { line: number; column: number; offset: number };
  endOffset?: number;
}

/**
 * A load problem → a diagnostic. The range runs to the end of the offending token when the
 * core knows it, else over the word at the position (at least one character), so the
 * squiggle is visible. Errors (`LOAD_ERR_*`) are errors; every other code is a warning;
 * unused macros and lists are tagged unnecessary, deprecated items deprecated.
 */
export function toDiagnostic(problem: ProblemLike, text: string, positions: Positions): Diagnostic {
  const start = Math.min(problem.position.offset, text.length);
  let end = problem.endOffset !== undefined && problem.endOffset > start ? problem.endOffset : wordEnd(text, start);
  if (end <= start) {
    end = Math.min(text.length, start + 1);
  }
  const diagnostic: Diagnostic = {
    range: toRange(positions, start, end),
    severity: problem.code.startsWith('LOAD_ERR_') ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: problem.code,
    source: 'falco',
    message: problem.itemName !== '' ? `${problem.message} (${problem.itemType} '${problem.itemName}')` : problem.message,
  };
  // Editors fade unused items and strike deprecated ones.
  const tag = TAGS[problem.code];
  if (tag !== undefined) {
    diagnostic.tags = [tag];
  }
  return diagnostic;
}

const TAGS: Record<string, DiagnosticTag> = {
  LOAD_UNUSED_MACRO: DiagnosticTag.Unnecessary,
  LOAD_UNUSED_LIST: DiagnosticTag.Unnecessary,
  LOAD_DEPRECATED_ITEM: DiagnosticTag.Deprecated,
};

function wordEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && !/[\s]/.test(text[end])) {
    end++;
  }
  return end;
}

/** What convert needs of a schema warning (`schema/index.ts` `SchemaWarning`). */
export interface SchemaWarningLike {
  message: string;
  offset: number;
  end: number;
}

/**
 * A schema warning (Falco's advisory rules schema check) → an Information diagnostic at the
 * offending node, source `falco schema`, no code (Falco gives schema warnings none).
 */
export function toSchemaDiagnostic(warning: SchemaWarningLike, text: string, positions: Positions): Diagnostic {
  const start = Math.min(warning.offset, text.length);
  let end = warning.end > start ? Math.min(warning.end, text.length) : wordEnd(text, start);
  if (end <= start) {
    end = Math.min(text.length, start + 1);
  }
  return { range: toRange(positions, start, end), severity: DiagnosticSeverity.Information, source: 'falco schema', message: warning.message };
}
