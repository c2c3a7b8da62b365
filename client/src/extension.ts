/**
 * Extension entry point: opens the output channel, recognises rules files opened as YAML,
 * and starts the Falco language server (`out/server/main.js`) over IPC. Everything about the
 * rule language happens in the server; this side only wires VS Code to it.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { AlertsView } from './alertsView';
import { registerCaptureCommand } from './capture';
import { watchYamlDocuments } from './languageDetection';
import { registerExportProfileCommand, registerProfileCommand } from './profile';
import { registerProfileView } from './profileView';
import { registerReplayCommand } from './replay';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Falco Rule Studio');
  context.subscriptions.push(log);
  watchYamlDocuments(context, log);

  const serverModule = context.asAbsolutePath(path.join('out', 'server', 'main.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'falco' },
      { scheme: 'untitled', language: 'falco' },
    ],
    outputChannel: log,
    synchronize: {
      // The server loads closed rules files too, so it hears when any YAML file changes.
      configurationSection: 'falcoRuleStudio',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
  };
  client = new LanguageClient('falcoRuleStudio', 'Falco Rule Studio', serverOptions, clientOptions);
  log.appendLine(`Starting the Falco language server: ${serverModule}`);
  await client.start();

  // Replay: the command and the alerts view (the server's CodeLenses run the commands).
  const alertsView = new AlertsView();
  context.subscriptions.push(vscode.window.registerTreeDataProvider('falcoRuleStudio.alerts', alertsView));
  registerReplayCommand(context, client, alertsView, log);
  registerProfileCommand(context, client, log);
  registerExportProfileCommand(context, client, log);
  registerProfileView(context, client);
  registerCaptureCommand(context, client, log);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
