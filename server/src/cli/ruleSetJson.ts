/**
 * CLI-internal helper for `replay` and `profile`: loads rules files in order and writes the
 * compiled rule set as JSON (the engine's input), returning the load results so the caller
 * can report load errors first. Serialisation is `JSON.stringify` of the explicit
 * `CompiledRuleSet` (format.ts), deterministic for the same files.
 */
import * as fs from 'fs';
import { loadRulesFiles, type FileLoadResult } from '../analysis';
import { type CompiledRuleSet } from '../compile/format';

/** The compiled rule set of `paths` (in load order), its JSON text and the per-file load results. */
export function compileRulesToJson(paths: readonly string[]): { results: FileLoadResult[]; ruleSet: CompiledRuleSet; json: string } {
  const { results, ruleSet } = loadRulesFiles(paths);
  return { results, ruleSet, json: JSON.stringify(ruleSet) };
}

/** Writes the compiled rule set of `paths` to `outFile`; returns the load results. */
export function writeCompiledRuleSet(paths: readonly string[], outFile: string): { results: FileLoadResult[]; ruleSet: CompiledRuleSet } {
  const { results, ruleSet, json } = compileRulesToJson(paths);
  fs.writeFileSync(outFile, json);
  return { results, ruleSet };
}
