/**
 * "Replay capture file…": asks for a capture (or takes `falcoRuleStudio.capturePath` when
 * started from the CodeLens), sends `falcoRuleStudio/replay` to the language server with a
 * cancellable progress notification, and shows the result: the alerts view, one Problems
 * entry per rule that fired (at the rule, with its event numbers), the rules left out, and a
 * summary. The replay itself runs in the server's engine process.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { type LanguageClient } from 'vscode-languageclient/node';
import type { ReplayMethod, ReplayParams, ReplayResult } from '../../server/src/protocol';
import { type AlertsView } from './alertsView';
import { REPLAY_COMMAND } from './commands';


/** `REPLAY_REQUEST` of the protocol; the type keeps the two equal. */
const REPLAY_REQUEST: ReplayMethod = 'falcoRuleStudio/replay';

/** How the command was started: from the CodeLens, the configured capture is used when set. */
export interface ReplayCommandArgs {
  useConfiguredCapture?: boolean;
  capture?: string;
}

export function registerReplayCommand(context: vscode.ExtensionContext, client: LanguageClient, view: AlertsView, log: vscode.OutputChannel): void {
  const problems = vscode.languages.createDiagnosticCollection('falco-replay');
  context.subscriptions.push(problems);
  context.subscriptions.push(
    vscode.commands.registerCommand(REPLAY_COMMAND, async (args?: ReplayCommandArgs) => {
      const capture = await chooseCapture(args);
      if (capture === undefined) {
        return;
      }
      const settings = vscode.workspace.getConfiguration('falcoRuleStudio.replay');
      const params: ReplayParams = {
        capture,
        ruleMatching: settings.get<'first' | 'all'>('ruleMatching', 'first'),
        enterEvents: settings.get<boolean>('enterEvents', false),
      };
      log.appendLine(`Replaying ${capture} (rule matching: ${params.ruleMatching}, enter events: ${String(params.enterEvents)})`);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Falco: replaying ${path.basename(capture)}`, cancellable: true },
        (_progress, token) => client.sendRequest<ReplayResult>(REPLAY_REQUEST, params, token),
      );
      await showResult(result, view, problems, log);
    }),
  );
}

/** The capture to use: the argument, the configured one (CodeLens), or one the user picks. */
export async function chooseCapture(args: ReplayCommandArgs | undefined): Promise<string | undefined> {
  if (args?.capture !== undefined) {
    return args.capture;
  }
  const configured = vscode.workspace.getConfiguration('falcoRuleStudio').get<string>('capturePath', '');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const configuredPath = configured === '' ? undefined : path.isAbsolute(configured) || folder === undefined ? configured : path.join(folder, configured);
  if (args?.useConfiguredCapture === true && configuredPath !== undefined) {
    return configuredPath;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Replay',
    defaultUri: configuredPath !== undefined ? vscode.Uri.file(configuredPath) : undefined,
    filters: { 'Capture files': ['scap', 'gz'], 'All files': ['*'] },
  });
  return picked?.[0]?.fsPath;
}

async function showResult(result: ReplayResult, view: AlertsView, problems: vscode.DiagnosticCollection, log: vscode.OutputChannel): Promise<void> {
  view.show(result);
  await vscode.commands.executeCommand('setContext', 'falcoRuleStudio.hasAlerts', true);
  // Bring the alerts view forward (VS Code defines `<view id>.focus` for every view).
  await vscode.commands.executeCommand('falcoRuleStudio.alerts.focus').then(undefined, (err: unknown) => log.appendLine(`Could not show the alerts view: ${String(err)}`));
  // One Problems entry per rule that fired, at the rule's name.
  problems.clear();
  const byUri = new Map<string, vscode.Diagnostic[]>();
  const capture = path.basename(result.capture);
  for (const [rule, count] of Object.entries(result.alertsByRule)) {
    const alerts = result.alerts.filter((alert) => alert.rule === rule);
    const location = alerts[0]?.location;
    if (location === undefined) {
      continue;
    }
    const events = alerts.slice(0, 5).map((alert) => `#${alert.evtNum}`).join(', ');
    const start = new vscode.Position(location.line, location.character);
    const diagnostic = new vscode.Diagnostic(
      new vscode.Range(start, start.translate(0, rule.length)),
      `${count} alert${count === 1 ? '' : 's'} in ${capture} (events ${events}${alerts.length > 5 ? ', …' : ''})`,
      vscode.DiagnosticSeverity.Information,
    );
    diagnostic.source = 'falco replay';
    byUri.set(location.uri, [...(byUri.get(location.uri) ?? []), diagnostic]);
  }
  for (const [uri, diagnostics] of byUri) {
    problems.set(vscode.Uri.parse(uri), diagnostics);
  }
  // The summary, the rules left out, and what went wrong.
  const nAlerts = Object.values(result.alertsByRule).reduce((sum, count) => sum + count, 0);
  log.appendLine(`${capture}: ${result.status}, ${result.events} events, ${nAlerts} alerts${result.truncated ? ' (list truncated)' : ''}`);
  for (const entry of result.leftOut) {
    log.appendLine(`  rule '${entry.rule}' left out: ${entry.message}`);
  }
  const leftOut = result.leftOut.length > 0 ? `; ${result.leftOut.length} rules left out (see the output)` : '';
  const loadErrors = result.nLoadErrors > 0 ? `; ${result.nLoadErrors} load errors: their rules are not replayed` : '';
  if (result.status === 'done') {
    void vscode.window.showInformationMessage(`Falco replay of ${capture}: ${nAlerts} alerts from ${Object.keys(result.alertsByRule).length} rules over ${result.events} events${leftOut}${loadErrors}.`);
  } else {
    void vscode.window.showErrorMessage(`Falco replay of ${capture} stopped (${result.status}): ${result.message ?? ''} — ${nAlerts} alerts before that${leftOut}.`);
  }
}
