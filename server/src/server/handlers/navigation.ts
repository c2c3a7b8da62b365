/**
 * Navigation requests: go to definition, find references, rename (with prepare), document
 * and workspace symbols. Each handler reads the params, asks the feature, converts; a
 * failing feature answers "nothing" and logs the bug.
 */
import { type Connection, type Location, type SymbolInformation, type DocumentSymbol, type WorkspaceEdit, type TextEdit, SymbolKind, ResponseError, ErrorCodes } from 'vscode-languageserver/node';
import { definition } from '../../features/definition';
import { references } from '../../features/references';
import { prepareRename, rename } from '../../features/rename';
import { documentSymbols, workspaceSymbols, type RulesSymbol } from '../../features/symbols';
import { type FileSpan } from '../../features/symbolIndex';
import { toOffset, toRange } from '../convert';
import { guard, type BugLog } from '../guard';
import { type Session, type View } from '../session';

export function registerNavigation(connection: Connection, session: Session, log: BugLog): void {
  connection.onDefinition(
    guard(log, 'definition', [] as Location[], (params) => {
      const view = session.view();
      const at = cursor(view, params.textDocument.uri, params.position);
      return at === undefined ? [] : definition(view.index, at.file, at.offset).map((span) => toLocation(view, span));
    }),
  );
  connection.onReferences(
    guard(log, 'references', [] as Location[], (params) => {
      const view = session.view();
      const at = cursor(view, params.textDocument.uri, params.position);
      return at === undefined ? [] : references(view.index, at.file, at.offset, params.context.includeDeclaration).map((span) => toLocation(view, span));
    }),
  );
  connection.onPrepareRename(
    guard(log, 'prepareRename', null, (params) => {
      const view = session.view();
      const at = cursor(view, params.textDocument.uri, params.position);
      if (at === undefined) {
        return null;
      }
      const res = prepareRename(view.index, at.file, at.offset);
      if ('error' in res) {
        throw new ResponseError(ErrorCodes.InvalidRequest, res.error);
      }
      return { range: toRange(view.positions(res.span.file), res.span.start, res.span.end), placeholder: res.name };
    }),
  );
  connection.onRenameRequest(
    guard(log, 'rename', null as WorkspaceEdit | null, (params) => {
      const view = session.view();
      const at = cursor(view, params.textDocument.uri, params.position);
      if (at === undefined) {
        return null;
      }
      const res = rename(view.index, at.file, at.offset, params.newName);
      if ('error' in res) {
        throw new ResponseError(ErrorCodes.InvalidRequest, res.error);
      }
      const changes: Record<string, TextEdit[]> = {};
      for (const edit of res) {
        const uri = view.sources[edit.file].uri;
        (changes[uri] ??= []).push({ range: toRange(view.positions(edit.file), edit.start, edit.end), newText: edit.newText });
      }
      return { changes };
    }),
  );
  connection.onDocumentSymbol(
    guard(log, 'documentSymbol', [] as DocumentSymbol[], (params) => {
      const view = session.view();
      const file = view.fileOf(params.textDocument.uri);
      return file === undefined ? [] : documentSymbols(view.index, file).map((symbol) => toDocumentSymbol(view, symbol));
    }),
  );
  connection.onWorkspaceSymbol(
    guard(log, 'workspaceSymbol', [] as SymbolInformation[], (params) => {
      const view = session.view();
      return workspaceSymbols(view.index, params.query).map((symbol) => ({
        name: symbol.name,
        kind: symbolKind(symbol),
        containerName: symbol.detail,
        location: toLocation(view, symbol.nameSpan),
      }));
    }),
  );
}

/** The file and offset of an LSP cursor, when the document is a loaded rules file. */
export function cursor(view: View, uri: string, position: { line: number; character: number }): { file: number; offset: number } | undefined {
  const file = view.fileOf(uri);
  return file === undefined ? undefined : { file, offset: toOffset(view.positions(file), position) };
}

export function toLocation(view: View, span: FileSpan): Location {
  return { uri: view.sources[span.file].uri, range: toRange(view.positions(span.file), span.start, span.end) };
}

function toDocumentSymbol(view: View, symbol: RulesSymbol): DocumentSymbol {
  const positions = view.positions(symbol.span.file);
  return {
    name: symbol.name,
    detail: symbol.detail,
    kind: symbolKind(symbol),
    range: toRange(positions, symbol.span.start, symbol.span.end),
    selectionRange: toRange(positions, symbol.nameSpan.start, symbol.nameSpan.end),
  };
}

function symbolKind(symbol: RulesSymbol): SymbolKind {
  return symbol.kind === 'rule' ? SymbolKind.Event : symbol.kind === 'macro' ? SymbolKind.Function : SymbolKind.Array;
}
