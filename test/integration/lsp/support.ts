/**
 * Test support for the language server over stdio: starts `out/server/main.js --stdio` on a
 * temporary workspace folder (the official rules files plus the test's own files), speaks
 * LSP to it with vscode-jsonrpc, and collects published diagnostics. Inputs may carry one
 * cursor marker `$0`; `openWithCursor` removes it and returns its position.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type MessageConnection,
  type Position,
  type PublishDiagnosticsParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver/node';
import { packageRoot } from '../../../server/src/paths';

/** The official files every test workspace starts with, in Falco's usual order. */
export const OFFICIAL_FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'];

export interface LspSession {
  connection: MessageConnection;
  folder: string;
  uri(name: string): string;
  /** Opens a document (its text replaces the file's text on disk for the server). */
  open(name: string, text: string): Promise<void>;
  /** Opens a document whose text contains `$0`; returns the cursor position. */
  openWithCursor(name: string, textWithMarker: string): Promise<Position>;
  change(name: string, text: string, version: number): Promise<void>;
  /** Waits until diagnostics for `name` satisfy `accept`; returns them. */
  diagnostics(name: string, accept?: (diagnostics: Diagnostic[]) => boolean, timeoutMs?: number): Promise<Diagnostic[]>;
  /** Every diagnostics notification received so far, in order. */
  published: PublishDiagnosticsParams[];
  /** Waits until a diagnostics notification for `name` satisfies `accept` (all of its params). */
  publication(name: string, accept: (params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Every client/registerCapability request the server sent, in order. */
  registrations: { method: string; registerOptions?: unknown }[];
  /** What the server answered to `initialize`. */
  capabilities: ServerCapabilities;
  stderr(): string;
  close(): Promise<void>;
}

/** Starts the server on a new folder holding the official files and `extraFiles` (name → text). */
export async function startServer(extraFiles: Record<string, string> = {}, initializationOptions?: unknown): Promise<LspSession> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-studio-lsp-'));
  for (const name of OFFICIAL_FILES) {
    fs.copyFileSync(path.join(packageRoot(), 'test', 'fixtures', 'rules', name), path.join(folder, name));
  }
  for (const [name, text] of Object.entries(extraFiles)) {
    fs.writeFileSync(path.join(folder, name), text);
  }
  const child: ChildProcess = spawn(process.execPath, [path.join(packageRoot(), 'out', 'server', 'main.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout as NodeJS.ReadableStream), new StreamMessageWriter(child.stdin as NodeJS.WritableStream));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: (() => void)[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.push(params);
    waiters.splice(0).forEach((wake) => wake());
  });
  connection.onNotification('window/logMessage', (params: { message: string }) => (stderr += `${params.message}\n`));
  connection.onRequest('workspace/configuration', () => []);
  const registrations: { method: string; registerOptions?: unknown }[] = [];
  connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
    registrations.push(...params.registrations);
    waiters.splice(0).forEach((wake) => wake());
    return null;
  });
  connection.onRequest('client/unregisterCapability', () => null);
  connection.listen();
  const uri = (name: string): string => pathToFileURL(path.join(folder, name)).href;
  const initialized = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'test' }],
    capabilities: {
      textDocument: { rename: { prepareSupport: true } },
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
    },
    initializationOptions,
  });
  await connection.sendNotification('initialized', {});
  const versions = new Map<string, number>();
  const session: LspSession = {
    connection,
    folder,
    uri,
    published,
    registrations,
    capabilities: initialized.capabilities,
    stderr: () => stderr,
    open: async (name, text) => {
      versions.set(name, 1);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'falco', version: 1, text } });
    },
    openWithCursor: async (name, textWithMarker) => {
      const { text, position } = extractCursor(textWithMarker);
      await session.open(name, text);
      return position;
    },
    change: async (name, text, version) => {
      versions.set(name, version);
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri(name), version }, contentChanges: [{ text }] });
    },
    diagnostics: async (name, accept = () => true, timeoutMs = 20_000) => (await session.publication(name, (params) => accept(params.diagnostics), timeoutMs)).diagnostics,
    publication: async (name, accept, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const latest = [...published].reverse().find((params) => params.uri === uri(name));
        if (latest !== undefined && accept(latest)) {
          return latest;
        }
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(`no acceptable diagnostics for ${name} within ${timeoutMs} ms; latest: ${JSON.stringify(latest?.diagnostics ?? null)}\nserver log:\n${stderr}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: async () => {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // The server is gone already.
      }
      connection.dispose();
      child.kill();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
  return session;
}

/** Removes the `$0` marker from a text and returns the LSP position where it was. */
export function extractCursor(textWithMarker: string): { text: string; position: Position } {
  const at = textWithMarker.indexOf('$0');
  if (at < 0 || textWithMarker.indexOf('$0', at + 1) >= 0) {
    throw new Error('the input must hold exactly one $0 cursor marker');
  }
  const before = textWithMarker.slice(0, at);
  const line = before.split('\n').length - 1;
  const character = at - (before.lastIndexOf('\n') + 1);
  return { text: textWithMarker.slice(0, at) + textWithMarker.slice(at + 2), position: { line, character } };
}

/** The text a range covers in a text. */
export function textOf(text: string, range: { start: Position; end: Position }): string {
  const lines = text.split('\n');
  const offset = (position: Position): number => lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  return text.slice(offset(range.start), offset(range.end));
}
