/**
 * The server's state between requests: the workspace model, the symbol index of the
 * current snapshot (rebuilt lazily when a text changed, re-reading only changed files), and
 * the mapping between URIs and file indexes in load order. Handlers ask it for a consistent
 * view; it does not talk to the client.
 */
import { loadFieldCatalog, type FieldCatalog } from '../fields';
import { buildSymbolIndex, type SymbolIndex } from '../features/symbolIndex';
import { type RuleFacts } from '../features/hover';
import { positionsOf, type Positions } from './convert';
import { RulesWorkspace, type OpenDocuments, type RulesSource } from './workspace';

/** A consistent view of the loaded rules files. */
export interface View {
  sources: RulesSource[];
  index: SymbolIndex;
  /** The file index of a URI in load order, undefined when it is not a loaded rules file. */
  fileOf(uri: string): number | undefined;
  /** Offset ↔ position conversion for file `file`. */
  positions(file: number): Positions;
}

export class Session {
  readonly workspace: RulesWorkspace;
  readonly catalog: FieldCatalog = loadFieldCatalog();
  /** Facts from the last full load (event types of rules); replaced by the diagnostics run. */
  ruleFacts: RuleFacts = { eventTypes: () => undefined, macroExpansion: () => undefined };
  private m_view: View | undefined;

  constructor(documents: OpenDocuments) {
    this.workspace = new RulesWorkspace(documents);
  }

  /** The current view; rebuilt when any loaded text or the file set changed. */
  view(): View {
    const sources = this.workspace.snapshot();
    const previous = this.m_view;
    if (previous !== undefined && sameSources(previous.sources, sources)) {
      // Same texts: keep the index, but take the new document versions (diagnostics carry them).
      this.m_view = { ...previous, sources };
      return this.m_view;
    }
    // Files keep their items when the same text sits at the same position in the order.
    const index = buildSymbolIndex(
      sources.map((source) => source.text),
      previous?.index,
    );
    const byUri = new Map(sources.map((source, file) => [source.uri, file]));
    const positions = new Map<number, Positions>();
    this.m_view = {
      sources,
      index,
      fileOf: (uri) => byUri.get(uri) ?? byUri.get(normaliseUri(uri)),
      positions: (file) => {
        let converter = positions.get(file);
        if (converter === undefined) {
          converter = positionsOf(sources[file]?.text ?? '');
          positions.set(file, converter);
        }
        return converter;
      },
    };
    return this.m_view;
  }
}

function sameOrder(a: readonly RulesSource[], b: readonly RulesSource[]): boolean {
  return a.length === b.length && a.every((source, idx) => source.uri === b[idx].uri);
}

function sameSources(a: readonly RulesSource[], b: readonly RulesSource[]): boolean {
  return sameOrder(a, b) && a.every((source, idx) => source.text === b[idx].text);
}

/** VS Code percent-encodes some characters (`:` in drive letters, `@`) that Node does not. */
function normaliseUri(uri: string): string {
  try {
    return decodeURIComponent(uri).replace(/^file:\/\/\/?/, 'file:///');
  } catch {
    return uri;
  }
}
