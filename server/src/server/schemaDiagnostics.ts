/**
 * The editor's schema diagnostics: Falco's advisory rules schema check (`schema/`) of each
 * loaded file as Information diagnostics, kept per URI and recomputed only when the file's
 * text changed, so a keystroke re-checks the edited file alone. It is not part of the load
 * (the schema never changes Falco's load results) and it holds no LSP connection.
 */
import { type Diagnostic } from 'vscode-languageserver/node';
import { checkRulesSchema } from '../schema';
import { toSchemaDiagnostic, type Positions } from './convert';

export class SchemaDiagnostics {
  private entries = new Map<string, { text: string; diagnostics: Diagnostic[] }>();

  /** The cached schema diagnostics of `uri` when its text is still `text`, else undefined. */
  cached(uri: string, text: string): Diagnostic[] | undefined {
    const cached = this.entries.get(uri);
    return cached !== undefined && cached.text === text ? cached.diagnostics : undefined;
  }

  /** The schema diagnostics of `text`, from the cache when `uri` last had the same text. */
  of(uri: string, text: string, positions: Positions): Diagnostic[] {
    const cached = this.entries.get(uri);
    if (cached !== undefined && cached.text === text) {
      return cached.diagnostics;
    }
    const diagnostics = checkRulesSchema(text).warnings.map((warning) => toSchemaDiagnostic(warning, text, positions));
    this.entries.set(uri, { text, diagnostics });
    return diagnostics;
  }

  /** Forgets every URI not in `uris` (files that left the load). */
  keepOnly(uris: ReadonlySet<string>): void {
    for (const uri of [...this.entries.keys()]) {
      if (!uris.has(uri)) {
        this.entries.delete(uri);
      }
    }
  }
}
