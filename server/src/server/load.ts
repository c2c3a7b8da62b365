/**
 * Connects the language server to the analysis façade (`analysis.ts`): hands it the rules
 * files of a workspace snapshot, in load order, with their current texts, and returns the
 * load's problems, the facts hover needs, and the compiled rule set for a replay. One
 * `Analysis` lives as long as the server, so its per-file read cache makes an edit re-read
 * only the edited file, and an unchanged snapshot is not loaded twice.
 */
import { Analysis } from '../analysis';
import { type CompiledRuleSet } from '../compile/format';
import { type LoadOutcome, type LoadRules } from './handlers/diagnostics';
import { type RulesSource } from './workspace';

export interface RulesLoader {
  load: LoadRules;
  /** The compiled rule set of the snapshot (rules that compiled without error). */
  compiledRuleSet(sources: readonly RulesSource[]): CompiledRuleSet;
}

/** A loader over one long-lived `Analysis`. */
export function createRulesLoader(): RulesLoader {
  const analysis = new Analysis();
  const given = new Map<string, string>();
  let order = '';
  const sync = (sources: readonly RulesSource[]): void => {
    const names = sources.map((source) => source.name);
    for (const name of [...given.keys()]) {
      if (!names.includes(name)) {
        analysis.closeDocument(name);
        given.delete(name);
      }
    }
    if (names.join('\0') !== order) {
      analysis.setRulesFiles(names);
      order = names.join('\0');
    }
    for (const source of sources) {
      if (given.get(source.name) !== source.text) {
        analysis.openDocument(source.name, source.text);
        given.set(source.name, source.text);
      }
    }
  };
  return {
    load: (sources: readonly RulesSource[]): LoadOutcome => {
      sync(sources);
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
    },
    compiledRuleSet: (sources: readonly RulesSource[]): CompiledRuleSet => {
      sync(sources);
      return analysis.compiledRuleSet();
    },
  };
}
