/**
 * CodeLens for rules files: "Replay capture…" once per file, on its first line, which runs
 * the replay command with the configured capture (or asks for one). Only lenses backed by a
 * working command are offered.
 */
import * as vscode from 'vscode';
import { REPLAY_COMMAND, type ReplayCommandArgs } from './replay';

export class RulesCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.lineCount === 0) {
      return [];
    }
    const args: ReplayCommandArgs = { useConfiguredCapture: true };
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'Replay capture…', command: REPLAY_COMMAND, arguments: [args] })];
  }
}
