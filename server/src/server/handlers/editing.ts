/**
 * Requests that help while writing: hover, completion and quick fixes (code actions).
 * Each handler reads the params, asks the feature, converts; a failing feature answers
 * "nothing" and logs the bug.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Hover,
} from 'vscode-languageserver/node';
import { quickFixes } from '../../features/codeActions';
import { complete, type CompletionKind } from '../../features/completion';
import { hover } from '../../features/hover';
import { toOffset, toRange } from '../convert';
import { guard, type BugLog } from '../guard';
import { type Session } from '../session';
import { cursor } from './navigation';

const ITEM_KINDS: Record<CompletionKind, CompletionItemKind> = {
  field: CompletionItemKind.Field,
  macro: CompletionItemKind.Function,
  list: CompletionItemKind.Enum,
  operator: CompletionItemKind.Operator,
  keyword: CompletionItemKind.Keyword,
  event: CompletionItemKind.Event,
  priority: CompletionItemKind.EnumMember,
  source: CompletionItemKind.Module,
  key: CompletionItemKind.Property,
  item: CompletionItemKind.Keyword,
};

export function registerEditing(connection: Connection, session: Session, log: BugLog): void {
  connection.onHover(
    guard(log, 'hover', null as Hover | null, (params) => {
      const view = session.view();
      const at = cursor(view, params.textDocument.uri, params.position);
      const res = at === undefined ? undefined : hover(view.index, session.catalog, session.ruleFacts, at.file, at.offset);
      return res === undefined ? null : { contents: { kind: MarkupKind.Markdown, value: res.markdown }, range: toRange(view.positions(res.span.file), res.span.start, res.span.end) };
    }),
  );
  connection.onCompletion(
    guard(log, 'completion', [] as CompletionItem[], (params) => {
      const view = session.view();
      const at = cursor(view, params.textDocument.uri, params.position);
      if (at === undefined) {
        return [];
      }
      return complete(view.index, session.catalog, at.file, at.offset, params.context?.triggerCharacter).map((entry, rank): CompletionItem => {
        const range = toRange(view.positions(entry.replace.file), entry.replace.start, entry.replace.end);
        const snippet = entry.insertText?.includes('$0') === true;
        return {
          label: entry.label,
          kind: ITEM_KINDS[entry.kind],
          detail: entry.detail,
          documentation: entry.documentation === undefined ? undefined : { kind: MarkupKind.Markdown, value: entry.documentation },
          textEdit: { range, newText: entry.insertText ?? entry.label },
          insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          sortText: String(rank).padStart(5, '0'),
        };
      });
    }),
  );
  connection.onCodeAction(
    guard(log, 'codeAction', [] as CodeAction[], (params) => {
      const view = session.view();
      const file = view.fileOf(params.textDocument.uri);
      if (file === undefined) {
        return [];
      }
      const positions = view.positions(file);
      const start = toOffset(positions, params.range.start);
      const end = toOffset(positions, params.range.end);
      return quickFixes(view.index, session.catalog, file, start, end).map((fix) => ({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: fix.preferred,
        diagnostics: params.context.diagnostics.filter((diagnostic) => {
          const diagStart = toOffset(positions, diagnostic.range.start);
          const diagEnd = toOffset(positions, diagnostic.range.end);
          return diagStart <= fix.edit.end && diagEnd >= fix.edit.start;
        }),
        edit: { changes: { [view.sources[fix.edit.file].uri]: [{ range: toRange(view.positions(fix.edit.file), fix.edit.start, fix.edit.end), newText: fix.edit.newText }] } },
      }));
    }),
  );
}
