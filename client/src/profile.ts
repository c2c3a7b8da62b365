/**
 * "Profile this rule": asks the language server to profile the workspace's rule set on the
 * configured capture (or one the user picks) and shows, at the end of every rule's name line,
 * its evaluations, matches and median / p99 latency for the events it did not match and those
 * it matched (ns, and cycles when the engine's clock counts them), with a table on hover.
 * The numbers move with the text as the user edits; the next profile replaces them.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { type LanguageClient } from 'vscode-languageclient/node';
import type { ExportProfileMethod, ExportProfileResult, LatencySummary, ProfileMethod, ProfileParams, ProfileResult, RuleMetrics } from '../../server/src/protocol';
import { EXPORT_PROFILE_COMMAND, PROFILE_COMMAND, SHOW_PROFILE_COMMAND } from './commands';
import { chooseCapture, type ReplayCommandArgs } from './replay';


/** The protocol's method names; the types keep them equal. */
const PROFILE_REQUEST: ProfileMethod = 'falcoRuleStudio/profile';
const EXPORT_PROFILE_REQUEST: ExportProfileMethod = 'falcoRuleStudio/exportProfile';

export function registerProfileCommand(context: vscode.ExtensionContext, client: LanguageClient, log: vscode.OutputChannel): void {
  const decoration = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
  });
  context.subscriptions.push(decoration);
  let last: ProfileResult | undefined;
  const decorate = (editor: vscode.TextEditor): void => {
    const metrics = (last?.rules ?? []).filter((rule) => rule.location?.uri !== undefined && sameFile(rule.location.uri, editor.document.uri));
    editor.setDecorations(
      decoration,
      metrics.map((rule) => {
        const line = rule.location?.line ?? 0;
        const end = editor.document.lineAt(Math.min(line, editor.document.lineCount - 1)).range.end;
        return { range: new vscode.Range(end, end), renderOptions: { after: { contentText: metricsText(rule) } }, hoverMessage: metricsHover(rule, last) };
      }),
    );
  };
  context.subscriptions.push(vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach(decorate)));
  context.subscriptions.push(
    vscode.commands.registerCommand(PROFILE_COMMAND, async (args?: ReplayCommandArgs) => {
      const capture = await chooseCapture(args);
      if (capture === undefined) {
        return;
      }
      const settings = vscode.workspace.getConfiguration('falcoRuleStudio');
      const params: ProfileParams = {
        capture,
        runs: settings.get<number>('profile.runs', 3),
        ruleMatching: settings.get<'first' | 'all'>('replay.ruleMatching', 'first'),
        enterEvents: settings.get<boolean>('replay.enterEvents', false),
      };
      log.appendLine(`Profiling ${capture} (${params.runs} runs)`);
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Falco: profiling rules on ${path.basename(capture)}`, cancellable: true },
        (_progress, token) => client.sendRequest<ProfileResult>(PROFILE_REQUEST, params, token),
      );
      for (const entry of result.leftOut) {
        log.appendLine(`  rule '${entry.rule}' left out: ${entry.message}`);
      }
      if (result.status !== 'done') {
        void vscode.window.showErrorMessage(`Falco profile of ${path.basename(capture)} stopped (${result.status}): ${result.message ?? ''}`);
        return;
      }
      last = result;
      vscode.window.visibleTextEditors.forEach(decorate);
      await vscode.commands.executeCommand('setContext', 'falcoRuleStudio.hasProfile', true);
      const leftOut = result.leftOut.length > 0 ? `; ${result.leftOut.length} rules left out (see the output)` : '';
      const choice = await vscode.window.showInformationMessage(
        `Falco profile of ${path.basename(capture)}: ${result.rules.length} rules, ${result.events} events, ${result.runs} runs${leftOut}.`,
        'Show profile',
      );
      if (choice === 'Show profile') {
        await vscode.commands.executeCommand(SHOW_PROFILE_COMMAND);
      }
    }),
  );
}

/** "Export last profile…": writes profile.json, pipeline.dot and pipeline.folded into a folder. */
export function registerExportProfileCommand(context: vscode.ExtensionContext, client: LanguageClient, log: vscode.OutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(EXPORT_PROFILE_COMMAND, async (folder?: string) => {
      const target = folder ?? (await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Export here' }))?.[0]?.fsPath;
      if (target === undefined) {
        return;
      }
      const result = await client.sendRequest<ExportProfileResult>(EXPORT_PROFILE_REQUEST, { folder: target });
      result.files.forEach((file) => log.appendLine(`Wrote ${file}`));
      void vscode.window.showInformationMessage(`Falco profile exported: ${result.files.map((file) => path.basename(file)).join(', ')} in ${target}.`);
    }),
  );
}

/** The inline text: `42 evals, 3 matches · not matched p50 80 ns p99 310 ns · matched …`. */
export function metricsText(rule: RuleMetrics): string {
  const parts = [`${rule.evaluations} evals, ${rule.matches} matches`];
  if (rule.notMatched.count > 0) {
    parts.push(`not matched ${latencyText(rule.notMatched)}`);
  }
  if (rule.matched.count > 0) {
    parts.push(`matched ${latencyText(rule.matched)}`);
  }
  return parts.join(' · ');
}

function latencyText(latency: LatencySummary): string {
  const cycles = latency.p50Cycles !== undefined && latency.p99Cycles !== undefined ? ` (${Math.round(latency.p50Cycles)}/${Math.round(latency.p99Cycles)} cycles)` : '';
  return `p50 ${formatNs(latency.p50Ns)} p99 ${formatNs(latency.p99Ns)}${cycles}`;
}

function formatNs(ns: number): string {
  return ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${Math.round(ns)} ns`;
}

function metricsHover(rule: RuleMetrics, result: ProfileResult | undefined): vscode.MarkdownString {
  const row = (name: string, latency: LatencySummary): string =>
    `| ${name} | ${Math.round(latency.count)} | ${formatNs(latency.p50Ns)} | ${formatNs(latency.p99Ns)} | ${latency.p50Cycles !== undefined ? Math.round(latency.p50Cycles) : '–'} | ${latency.p99Cycles !== undefined ? Math.round(latency.p99Cycles) : '–'} |`;
  return new vscode.MarkdownString(
    [
      `**${rule.rule}**: ${rule.evaluations} evaluations, ${rule.matches} matches (${result?.runs ?? 0} runs of ${path.basename(result?.capture ?? '')})`,
      '',
      '| events | measured | p50 | p99 | p50 cycles | p99 cycles |',
      '| --- | --- | --- | --- | --- | --- |',
      row('not matched', rule.notMatched),
      row('matched', rule.matched),
    ].join('\n'),
  );
}

function sameFile(uri: string, documentUri: vscode.Uri): boolean {
  return vscode.Uri.parse(uri).fsPath === documentUri.fsPath;
}
