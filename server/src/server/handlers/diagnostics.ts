/**
 * Diagnostics: after every change (edit, file on disk, settings), loads all rules files in
 * order through the analysis and publishes Falco's load results for every loaded file, open
 * or closed (a file whose diagnostics and version did not change is not sent again),
 * clearing files that left the load. Runs are debounced and coalesced by the
 * scheduler; a run that became stale (a newer change arrived) does not publish. Each file
 * also gets Falco's advisory schema warnings (Information, source `falco schema`): a file
 * whose text changed is checked after the load's diagnostics are out, and published again
 * if it has any, so the advisory check never delays Falco's own results.
 */
import { type Connection, type Diagnostic } from 'vscode-languageserver/node';
import { type RuleFacts } from '../../features/hover';
import { toDiagnostic, type ProblemLike } from '../convert';
import { DiagnosticsScheduler } from '../scheduler';
import { SchemaDiagnostics } from '../schemaDiagnostics';
import { type Session } from '../session';
import { type RulesSource } from '../workspace';

/** The result of loading the rules files, as the diagnostics need it. */
export interface LoadOutcome {
  /** Every problem, `file` being the index of its file in the order given. */
  problems: (ProblemLike & { file: number })[];
  facts: RuleFacts;
}

/** Loads rules files in order (the analysis façade behind it). */
export type LoadRules = (sources: readonly RulesSource[]) => LoadOutcome;

/** Wires diagnostics; returns the scheduler so other handlers can report changes. */
export function registerDiagnostics(connection: Connection, session: Session, loadRules: LoadRules): DiagnosticsScheduler {
  // What was last sent per URI, so an unchanged file is not sent again after every keystroke.
  let published = new Map<string, string>();
  const schema = new SchemaDiagnostics();
  const scheduler = new DiagnosticsScheduler(
    async (isStale) => {
      const view = session.view();
      const outcome = loadRules(view.sources);
      // Let edits that arrived during the load be seen: a newer document version makes
      // this run stale, and the scheduler's next run publishes instead.
      await new Promise((resolve) => setImmediate(resolve));
      if (isStale()) {
        return;
      }
      session.ruleFacts = outcome.facts;
      const byFile = new Map<number, Diagnostic[]>();
      for (const problem of outcome.problems) {
        const source = view.sources[problem.file];
        if (source === undefined) {
          continue;
        }
        const list = byFile.get(problem.file) ?? [];
        list.push(toDiagnostic(problem, source.text, view.positions(problem.file)));
        byFile.set(problem.file, list);
      }
      const now = new Map<string, string>();
      const publish = (file: number, diagnostics: Diagnostic[]): void => {
        const source = view.sources[file];
        const params = { uri: source.uri, version: source.version, diagnostics };
        const sent = JSON.stringify(params);
        if (published.get(source.uri) !== sent) {
          void connection.sendDiagnostics(params);
        }
        now.set(source.uri, sent);
      };
      const unchecked: number[] = [];
      view.sources.forEach((source, file) => {
        const schemaDiagnostics = schema.cached(source.uri, source.text);
        if (schemaDiagnostics === undefined) {
          unchecked.push(file);
        }
        publish(file, [...(byFile.get(file) ?? []), ...(schemaDiagnostics ?? [])]);
      });
      for (const uri of published.keys()) {
        if (!now.has(uri)) {
          void connection.sendDiagnostics({ uri, diagnostics: [] });
        }
      }
      published = now;
      schema.keepOnly(new Set(now.keys()));
      // The schema check of files whose text changed, one file per turn of the event loop.
      for (const file of unchecked) {
        await new Promise((resolve) => setImmediate(resolve));
        if (isStale()) {
          return;
        }
        const source = view.sources[file];
        const schemaDiagnostics = schema.of(source.uri, source.text, view.positions(file));
        if (schemaDiagnostics.length > 0) {
          publish(file, [...(byFile.get(file) ?? []), ...schemaDiagnostics]);
        }
      }
    },
    (err) => connection.console.error(`Loading the rules files failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  );
  return scheduler;
}
