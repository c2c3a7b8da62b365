/**
 * CodeLens for rules files: "Replay capture…" once per file, on its first line, and "Profile
 * this rule" above every `- rule:` item; both use the configured capture (or ask for one).
 * Rules are found by their `- rule:` line, which is how rules files write them. Only lenses
 * backed by a working command are offered.
 */
import * as vscode from 'vscode';
import { PROFILE_COMMAND, REPLAY_COMMAND } from './commands';
import { type ReplayCommandArgs } from './replay';

const RULE_LINE = /^-\s+rule\s*:\s*\S/;

export class RulesCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.lineCount === 0) {
      return [];
    }
    const args: ReplayCommandArgs = { useConfiguredCapture: true };
    const lenses = [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'Replay capture…', command: REPLAY_COMMAND, arguments: [args] })];
    for (let line = 0; line < document.lineCount; line++) {
      if (RULE_LINE.test(document.lineAt(line).text)) {
        lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: 'Profile this rule', command: PROFILE_COMMAND, arguments: [args] }));
      }
    }
    return lenses;
  }
}
