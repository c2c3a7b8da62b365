/**
 * The server's state between requests: the workspace model, the symbol index of the
 * current snapshot (built on first use after a text changed, re-reading only changed files), and
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

/** What a view builds on first use; shared by successive views of the same texts. */
interface LazyParts {
  index: SymbolIndex | undefined;
  positions: Map<number, Positions>;
}

export class Session {
  readonly workspace: RulesWorkspace;
  readonly catalog: FieldCatalog = loadFieldCatalog();
  /** Facts from the last full load (event types of rules); replaced by the diagnostics run. */
  ruleFacts: RuleFacts = { eventTypes: () => undefined, macroExpansion: () => undefined };
  private m_view: View | undefined;
  /** The last symbol index built, whatever view it was built for (reused per unchanged file). */
  private m_lastIndex: SymbolIndex | undefined;
  /** The parts of the current view built on first use, shared by views of the same texts. */
  private m_lazy: LazyParts | undefined;

  constructor(documents: OpenDocuments) {
    this.workspace = new RulesWorkspace(documents);
  }

  /**
   * The current view; rebuilt when any loaded text or the file set changed. Its symbol index
   * is built on first use only (hover, completion, references…), so a diagnostics run after
   * an edit does not pay for it; the last built index is reused for unchanged files.
   */
  view(): View {
    const sources = this.workspace.snapshot();
    const previous = this.m_view;
    if (previous === undefined || this.m_lazy === undefined || !sameSources(previous.sources, sources)) {
      this.m_lazy = { index: undefined, positions: new Map() };
    }
    // Same texts: the index and converters are shared (built or not yet), but the view takes
    // the new document versions (diagnostics carry them).
    this.m_view = this.makeView(sources, this.m_lazy);
    return this.m_view;
  }

  private makeView(sources: RulesSource[], lazy: LazyParts): View {
    const byUri = new Map(sources.map((source, file) => [source.uri, file]));
    const indexOf = (): SymbolIndex => {
      // Files keep their items when the same text sits at the same position in the order.
      lazy.index ??= buildSymbolIndex(
        sources.map((source) => source.text),
        this.m_lastIndex,
      );
      this.m_lastIndex = lazy.index;
      return lazy.index;
    };
    return {
      sources,
      get index(): SymbolIndex {
        return indexOf();
      },
      fileOf: (uri) => byUri.get(uri) ?? byUri.get(normaliseUri(uri)),
      positions: (file) => {
        let converter = lazy.positions.get(file);
        if (converter === undefined) {
          converter = positionsOf(sources[file]?.text ?? '');
          lazy.positions.set(file, converter);
        }
        return converter;
      },
    };
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
