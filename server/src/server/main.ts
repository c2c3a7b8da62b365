/**
 * Language server entry point (`node out/server/main.js --stdio`, or over IPC when the
 * extension starts it). Builds the connection, the workspace session and the handlers, and
 * keeps settings and watched files flowing into the session. The rule language itself lives
 * in the editor-independent core (`analysis.ts` and `features/`); handlers stay thin.
 */
import {
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { registerCapture } from './handlers/capture';
import { registerCodeLens } from './handlers/codeLens';
import { registerDiagnostics } from './handlers/diagnostics';
import { registerEditing } from './handlers/editing';
import { registerNavigation } from './handlers/navigation';
import { registerPresentation, semanticTokenLegend } from './handlers/presentation';
import { registerProfile } from './handlers/profile';
import { registerReplay } from './handlers/replay';
import { EngineHost } from './engineHost';
import { createRulesLoader } from './load';
import { OutsideFileWatches } from './outsideWatches';
import { type ServerSettings } from '../protocol';
import { Session } from './session';
import { createServerConnection } from './stdioTransport';

let shutdownReceived = false;
const connection = createServerConnection(() => shutdownReceived);
const documents = new TextDocuments(TextDocument);
const session = new Session(documents);
const log = { error: (message: string): void => connection.console.error(message) };
let folders: string[] = [];
let clientHasFolders = false;
let outsideWatches: OutsideFileWatches | undefined;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri !== null && params.rootUri !== undefined ? [params.rootUri] : []);
  session.workspace.setFolders(folders);
  applySettings(params.initializationOptions as Partial<ServerSettings> | undefined);
  clientHasFolders = params.capabilities.workspace?.workspaceFolders === true;
  outsideWatches = new OutsideFileWatches(connection, params.capabilities);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['.', '%', ' ', '(', ','] },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      semanticTokensProvider: { legend: semanticTokenLegend(), full: true },
      foldingRangeProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      codeLensProvider: { resolveProvider: false },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
  };
});

const rulesLoader = createRulesLoader();
const scheduler = registerDiagnostics(connection, session, rulesLoader.load);
registerEditing(connection, session, log);
registerNavigation(connection, session, log);
registerPresentation(connection, session, log);
registerCodeLens(connection, session, log);
const engines = new EngineHost();
registerReplay(connection, session, rulesLoader, engines);
registerProfile(connection, session, rulesLoader, engines);
registerCapture(connection);

// Closed files change on disk: the client watches `**/*.{yaml,yml}` (its `fileEvents`), and the
// listed rules files outside the workspace (outsideWatches.ts), and reports them with
// workspace/didChangeWatchedFiles.
connection.onInitialized(() => {
  if (clientHasFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((folder) => folder.uri));
      folders = [...folders.filter((folder) => !removed.has(folder)), ...event.added.map((folder) => folder.uri)];
      session.workspace.setFolders(folders);
      outsideWatches?.update(session.workspace.listedOutsideFolders());
      scheduler.notify();
    });
  }
  outsideWatches?.update(session.workspace.listedOutsideFolders());
  scheduler.notify();
});

connection.onDidChangeConfiguration((params) => {
  const settings = (params.settings as { falcoRuleStudio?: Partial<ServerSettings> } | undefined)?.falcoRuleStudio;
  applySettings(settings);
  outsideWatches?.update(session.workspace.listedOutsideFolders());
  scheduler.notify();
});

connection.onDidChangeWatchedFiles((params) => {
  const created = params.changes.some((change) => change.type !== FileChangeType.Changed);
  session.workspace.filesChanged(
    params.changes.map((change) => change.uri),
    created,
  );
  scheduler.notify();
});

documents.onDidOpen(() => scheduler.notify());
documents.onDidChangeContent(() => scheduler.notify());
documents.onDidClose(() => scheduler.notify());

connection.onShutdown(() => {
  shutdownReceived = true;
  scheduler.dispose();
  engines.dispose();
});

documents.listen(connection);
connection.listen();

function applySettings(settings: Partial<ServerSettings> | undefined): void {
  if (settings?.rulesFiles !== undefined && Array.isArray(settings.rulesFiles)) {
    session.workspace.setUserOrder(settings.rulesFiles.filter((entry): entry is string => typeof entry === 'string'));
  }
}
