/**
 * The workspace model of the language server: which rules files load, in which order, and
 * with which text. Open documents give their editor text and version; closed rules files
 * found on disk give their saved text (cached until the client reports a change). It hands
 * ordered snapshots to the analysis; it does not analyse anything itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { type TextDocument } from 'vscode-languageserver-textdocument';
import { findRulesFiles, isRulesFile, orderRulesFiles } from './rulesFiles';

/** One rules file as it takes part in a load. */
export interface RulesSource {
  /** The URI the client knows the file by (`file://…` or `untitled:…`). */
  uri: string;
  /** The file system path, or the URI itself for documents that have none. */
  name: string;
  text: string;
  /** The open document's version; undefined for a closed file read from disk. */
  version: number | undefined;
}

/** Open documents, as the server's document manager keeps them. */
export interface OpenDocuments {
  all(): TextDocument[];
  get(uri: string): TextDocument | undefined;
}

const MAX_REMEMBERED = 10000;

export class RulesWorkspace {
  private m_folders: string[] = [];
  private m_userOrder: string[] = [];
  private m_diskFiles: string[] | undefined;
  private readonly m_diskTexts = new Map<string, string | undefined>();
  private readonly m_uris = new Map<string, string>();
  private readonly m_paths = new Map<string, string | undefined>();

  constructor(private readonly m_documents: OpenDocuments) {}

  /** Sets the workspace folders (file URIs or paths); rescans on the next snapshot. */
  setFolders(folders: readonly string[]): void {
    this.m_folders = folders.map(uriToPath).filter((folder): folder is string => folder !== undefined);
    this.m_diskFiles = undefined;
  }

  /** Sets `falcoRuleStudio.rulesFiles`. */
  setUserOrder(order: readonly string[]): void {
    this.m_userOrder = [...order];
  }

  /** The files listed in `falcoRuleStudio.rulesFiles` that lie outside every workspace folder. */
  listedOutsideFolders(): string[] {
    const base = this.m_folders[0] ?? process.cwd();
    const inside = (file: string): boolean => this.m_folders.some((folder) => !path.relative(folder, file).startsWith('..'));
    return this.m_userOrder.map((entry) => path.resolve(base, entry)).filter((file) => !inside(file));
  }

  /** Forgets what is known of files on disk after the client reports created, changed or deleted files. */
  filesChanged(uris: readonly string[], created: boolean): void {
    for (const uri of uris) {
      const file = uriToPath(uri);
      if (file !== undefined) {
        this.m_diskTexts.delete(file);
      }
    }
    if (created || uris.length === 0) {
      this.m_diskFiles = undefined;
    } else {
      // A deleted file disappears from the list at the next scan.
      this.m_diskFiles = this.m_diskFiles?.filter((file) => fs.existsSync(file));
    }
  }

  /** Every rules file of the workspace, open or closed, in load order, with current texts. */
  snapshot(): RulesSource[] {
    // Step 1: the files on disk, found once per change of the folder tree, plus the files the
    // user listed, wherever they are (e.g. /etc/falco/falco_rules.yaml).
    this.m_diskFiles ??= findRulesFiles(this.m_folders);
    const base = this.m_folders[0] ?? process.cwd();
    const listed = this.m_userOrder.map((entry) => path.resolve(base, entry)).filter((file) => !this.m_diskFiles?.includes(file) && isFile(file));
    const byPath = new Map<string, RulesSource>();
    for (const file of [...this.m_diskFiles, ...listed]) {
      const text = this.diskText(file);
      if (text !== undefined) {
        byPath.set(file, { uri: this.uriOf(file), name: file, text, version: undefined });
      }
    }
    // Step 2: open documents replace their disk text; open rules files outside the folders join.
    const untitled: RulesSource[] = [];
    for (const document of this.m_documents.all()) {
      const file = this.pathOf(document.uri);
      const source: RulesSource = { uri: document.uri, name: file ?? document.uri, text: document.getText(), version: document.version };
      if (file === undefined) {
        untitled.push(source);
      } else if (byPath.has(file) || document.languageId === 'falco' || isRulesFile(path.basename(file), source.text)) {
        byPath.set(file, source);
      }
    }
    // Step 3: load order.
    const ordered = orderRulesFiles([...byPath.keys()], this.m_userOrder, this.m_folders);
    return [...ordered.map((file) => byPath.get(file) as RulesSource), ...untitled];
  }

  /** `pathToFileURL(file).href`, remembered (a snapshot is taken on every keystroke). */
  private uriOf(file: string): string {
    let uri = this.m_uris.get(file);
    if (uri === undefined) {
      if (this.m_uris.size >= MAX_REMEMBERED) {
        this.m_uris.clear();
      }
      uri = pathToFileURL(file).href;
      this.m_uris.set(file, uri);
    }
    return uri;
  }

  /** `uriToPath(uri)`, remembered. */
  private pathOf(uri: string): string | undefined {
    if (!this.m_paths.has(uri)) {
      if (this.m_paths.size >= MAX_REMEMBERED) {
        this.m_paths.clear();
      }
      this.m_paths.set(uri, uriToPath(uri));
    }
    return this.m_paths.get(uri);
  }

  private diskText(file: string): string | undefined {
    if (!this.m_diskTexts.has(file)) {
      let text: string | undefined;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      this.m_diskTexts.set(file, text);
    }
    return this.m_diskTexts.get(file);
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The file system path of a `file://` URI (or of a plain path); undefined for other schemes. */
export function uriToPath(uriOrPath: string): string | undefined {
  if (uriOrPath.startsWith('file:')) {
    try {
      return fileURLToPath(uriOrPath);
    } catch {
      return undefined;
    }
  }
  return path.isAbsolute(uriOrPath) ? uriOrPath : undefined;
}
