/**
 * "Capture while running command…": asks for a command line and an output `.scap` path
 * (by default a new file in the workspace folder), sends `falcoRuleStudio/capture` to the
 * language server with a cancellable progress notification (cancel interrupts the capture,
 * which still writes the file), and reports the events written, the command's exit status
 * and the file, offering to replay it. The capture itself runs in a capture process the
 * server starts; this side never traces anything.
 */
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { type LanguageClient } from 'vscode-languageclient/node';
import type { CaptureMethod, CaptureParams, CaptureResult } from '../../server/src/protocol';
import { CAPTURE_COMMAND, REPLAY_COMMAND } from './commands';
import { type ReplayCommandArgs } from './replay';

/** `CAPTURE_REQUEST` of the protocol; the type keeps the two equal. */
const CAPTURE_REQUEST: CaptureMethod = 'falcoRuleStudio/capture';

export function registerCaptureCommand(context: vscode.ExtensionContext, client: LanguageClient, log: vscode.OutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(CAPTURE_COMMAND, async () => {
      const commandLine = await vscode.window.showInputBox({
        title: 'Capture while running command (1/2)',
        prompt: 'The command to run and record (words and quotes as in a shell; use sh -c \'…\' for pipes and redirections)',
        placeHolder: 'cat /etc/hostname',
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'Type a command to run.' : undefined),
      });
      if (commandLine === undefined) {
        return;
      }
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir();
      const typed = await vscode.window.showInputBox({
        title: 'Capture while running command (2/2)',
        prompt: 'The capture file to write (relative to the workspace folder, or absolute)',
        value: path.join(folder, defaultName(commandLine)),
        ignoreFocusOut: true,
        validateInput: (value) => (value.trim() === '' ? 'Type the path of the .scap file to write.' : undefined),
      });
      if (typed === undefined) {
        return;
      }
      const out = path.isAbsolute(typed.trim()) ? typed.trim() : path.join(folder, typed.trim());
      const params: CaptureParams = { commandLine, out };
      log.appendLine(`Capturing '${commandLine}' into ${out}`);
      let result: CaptureResult;
      try {
        result = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Falco: capturing '${commandLine}' (cancel stops the capture and keeps the file)`, cancellable: true },
          (_progress, token) => client.sendRequest<CaptureResult>(CAPTURE_REQUEST, params, token),
        );
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log.appendLine(`Capture failed: ${message}`);
        void vscode.window.showErrorMessage(`Falco capture failed: ${message}`);
        return;
      }
      await showResult(commandLine, result, log);
    }),
  );
}

/** A file name from the command's name and the time, e.g. `cat-20261123-143012.scap`. */
function defaultName(commandLine: string): string {
  const name = path.basename(commandLine.trim().split(/\s+/)[0] ?? 'capture').replace(/[^A-Za-z0-9._-]/g, '') || 'capture';
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${name}-${stamp}.scap`;
}

async function showResult(commandLine: string, result: CaptureResult, log: vscode.OutputChannel): Promise<void> {
  if (result.output !== '') {
    log.appendLine(`Output of '${commandLine}':`);
    log.appendLine(result.output.trimEnd());
  }
  if (result.status === 'error' || result.status === 'crashed') {
    log.appendLine(`Capture ${result.status}: ${result.message ?? ''}`);
    void vscode.window.showErrorMessage(`Falco capture of '${commandLine}' failed: ${result.message ?? result.status}`);
    return;
  }
  const ended =
    result.status === 'interrupted'
      ? 'the capture was cancelled and the command detached'
      : result.termSignal !== 0
        ? `the command was killed by signal ${result.termSignal}`
        : `the command exited with status ${result.exitCode}`;
  const summary = `Falco capture: wrote ${result.out} (${result.events} events); ${ended}.`;
  log.appendLine(summary);
  const choice = await vscode.window.showInformationMessage(summary, 'Replay');
  if (choice === 'Replay') {
    const args: ReplayCommandArgs = { capture: result.out };
    await vscode.commands.executeCommand(REPLAY_COMMAND, args);
  }
}
