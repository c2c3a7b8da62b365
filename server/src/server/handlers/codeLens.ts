/**
 * `textDocument/codeLens`: "Replay capture…" on a rules file's first line and "Profile this
 * rule" above each rule, placed from the parsed items (`features/codeLens.ts`). The lenses
 * run the client's commands with `{ useConfiguredCapture: true }`, so the configured capture
 * is used when set; the commands themselves live in the client (`client/src/commands.ts`).
 */
import { type CodeLens, type Connection } from 'vscode-languageserver/node';
import { rulesLenses } from '../../features/codeLens';
import { guard, type BugLog } from '../guard';
import { type Session } from '../session';

/** Command ids of `client/src/commands.ts` (REPLAY_COMMAND, PROFILE_COMMAND). */
export const REPLAY_LENS_COMMAND = 'falcoRuleStudio.replayCapture';
export const PROFILE_LENS_COMMAND = 'falcoRuleStudio.profileRules';

export function registerCodeLens(connection: Connection, session: Session, log: BugLog): void {
  connection.onCodeLens(
    guard(log, 'codeLens', [] as CodeLens[], (params) => {
      const view = session.view();
      const file = view.fileOf(params.textDocument.uri);
      if (file === undefined) {
        return [];
      }
      const positions = view.positions(file);
      const args = [{ useConfiguredCapture: true }];
      return rulesLenses(view.index, file).map((lens): CodeLens => {
        const line = positions.positionAt(lens.offset).line;
        const range = { start: { line, character: 0 }, end: { line, character: 0 } };
        return lens.kind === 'replay'
          ? { range, command: { title: 'Replay capture…', command: REPLAY_LENS_COMMAND, arguments: args } }
          : { range, command: { title: 'Profile this rule', command: PROFILE_LENS_COMMAND, arguments: args } };
      });
    }),
  );
}
