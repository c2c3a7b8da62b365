/**
 * Connects the language server to the analysis façade (`analysis.ts`): hands it the rules
 * files of a workspace snapshot, in load order, with their current texts, and returns the
 * load's problems and the facts hover needs. One `Analysis` lives as long as the server, so
 * its per-file read cache makes an edit re-read only the edited file.
 */
import { Analysis } from '../analysis';
import { type LoadOutcome, type LoadRules } from './handlers/diagnostics';
import { type RulesSource } from './workspace';

/** A loader over one long-lived `Analysis`. */
export function createRulesLoader(): LoadRules {
  const analysis = new Analysis();
  let known = new Set<string>();
  return (sources: readonly RulesSource[]): LoadOutcome => {
    const names = sources.map((source) => source.name);
    for (const name of known) {
      if (!names.includes(name)) {
        analysis.closeDocument(name);
      }
    }
    known = new Set(names);
    analysis.setRulesFiles(names);
    for (const source of sources) {
      analysis.openDocument(source.name, source.text);
    }
    const outcome = analysis.load();
    return {
      problems: outcome.problems,
      facts: {
        eventTypes: (ruleName) => {
          const types = analysis.ruleEventTypes(ruleName);
          return types === undefined ? undefined : types.codes === 'all' ? 'all' : types.names;
        },
        macroExpansion: (macroName) => analysis.macroExpansion(macroName),
      },
    };
  };
}
