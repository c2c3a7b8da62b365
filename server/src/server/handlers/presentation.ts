/**
 * Requests that shape how a file looks: semantic tokens (full document) and folding ranges.
 * The semantic token legend is announced in `initialize` from `semanticTokenLegend()`.
 */
import { SemanticTokensBuilder, type Connection, type FoldingRange, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver/node';
import { foldingRanges } from '../../features/folding';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, semanticTokens } from '../../features/semanticTokens';
import { guard, type BugLog } from '../guard';
import { type Session } from '../session';

export function semanticTokenLegend(): SemanticTokensLegend {
  return { tokenTypes: [...SEMANTIC_TOKEN_TYPES], tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS] };
}

export function registerPresentation(connection: Connection, session: Session, log: BugLog): void {
  connection.languages.semanticTokens.on(
    guard(log, 'semanticTokens', { data: [] } as SemanticTokens, (params) => {
      const view = session.view();
      const file = view.fileOf(params.textDocument.uri);
      if (file === undefined) {
        return { data: [] };
      }
      const positions = view.positions(file);
      const builder = new SemanticTokensBuilder();
      for (const token of semanticTokens(view.index, session.catalog, file)) {
        const start = positions.positionAt(token.start);
        const end = positions.positionAt(token.end);
        if (start.line !== end.line) {
          continue;
        }
        const modifiers = token.modifiers.reduce((bits, modifier) => bits | (1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(modifier)), 0);
        builder.push(start.line, start.character, end.character - start.character, SEMANTIC_TOKEN_TYPES.indexOf(token.type), modifiers);
      }
      return builder.build();
    }),
  );
  connection.onFoldingRanges(
    guard(log, 'foldingRange', [] as FoldingRange[], (params) => {
      const view = session.view();
      const file = view.fileOf(params.textDocument.uri);
      return file === undefined ? [] : foldingRanges(view.index, file).map((range) => ({ startLine: range.startLine, endLine: range.endLine }));
    }),
  );
}
