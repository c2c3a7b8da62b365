/**
 * Watches the rules files a user lists in `falcoRuleStudio.rulesFiles` that live outside the
 * workspace folders (e.g. `/etc/falco/falco_rules.yaml`). The client's own file watcher only
 * sees the workspace, so without this a change to such a file on disk would go unnoticed and
 * the server would keep validating against its old text. The server asks the client to watch
 * each of those files (LSP dynamic registration of workspace/didChangeWatchedFiles); the
 * changes then arrive through the same notification as workspace files. It does not read or
 * cache any file itself, and does nothing when the client cannot register watchers.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  DidChangeWatchedFilesNotification,
  type ClientCapabilities,
  type Connection,
  type Disposable,
  type FileSystemWatcher,
} from 'vscode-languageserver/node';

export class OutsideFileWatches {
  private m_watched = '';
  private m_registration: Promise<Disposable | undefined> = Promise.resolve(undefined);

  constructor(
    private readonly m_connection: Connection,
    private readonly m_capabilities: ClientCapabilities,
  ) {}

  /** Watches exactly `files` (absolute paths) from now on; a no-op when the set is unchanged. */
  update(files: readonly string[]): void {
    const dynamic = this.m_capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const key = [...new Set(files)].sort().join('\n');
    if (!dynamic || key === this.m_watched) {
      return;
    }
    this.m_watched = key;
    const watchers = key === '' ? [] : key.split('\n').map((file) => this.watcherFor(file));
    const previous = this.m_registration;
    this.m_registration = previous.then(async (registration) => {
      registration?.dispose();
      if (watchers.length === 0) {
        return undefined;
      }
      try {
        return await this.m_connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
      } catch (error) {
        this.m_connection.console.error(`cannot watch the rules files outside the workspace: ${String(error)}`);
        return undefined;
      }
    });
  }

  /** A watcher for one file: relative to its folder when the client supports that, else its path. */
  private watcherFor(file: string): FileSystemWatcher {
    if (this.m_capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport === true) {
      return { globPattern: { baseUri: pathToFileURL(path.dirname(file)).href, pattern: path.basename(file) } };
    }
    return { globPattern: file };
  }
}
