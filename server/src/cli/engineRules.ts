/**
 * Loads the rules files a replay or profile needs, the way `validate` loads them, and
 * reports load errors the way `validate` prints them. It does not start the engine.
 */
import { loadRulesFiles, toLoadResultsJson } from '../analysis';
import type { CompiledRuleSet } from '../compile/format';
import { formatText } from './validate';

/**
 * The compiled rule set of `rulesFiles`, or undefined after printing the load results
 * (JSON on stdout with `json`, text on stderr otherwise) when any file has an error.
 */
export function loadRulesForEngine(rulesFiles: string[], json: boolean): CompiledRuleSet | undefined {
  const { results, ruleSet } = loadRulesFiles(rulesFiles);
  const loadResults = toLoadResultsJson(results);
  if (loadResults.results.every((result) => result.successful)) {
    return ruleSet;
  }
  if (json) process.stdout.write(`${JSON.stringify(loadResults)}\n`);
  else process.stderr.write(formatText(loadResults));
  return undefined;
}
