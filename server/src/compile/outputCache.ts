/**
 * Output checks cached per catalog, source and text: a load compiling after each file checks
 * an early file's outputs once per file prefix otherwise, and results are never modified.
 * Cleared with the other compile caches. It does not check anything itself.
 */
import { type FieldCatalog } from '../fields';
import { checkOutput, type OutputCheckResult } from '../checks/outputFormat';

const MAX_CACHED_OUTPUTS = 20000;

/** Per catalog, per source, per output text (nested maps: no key string joining a whole output). */
const outputChecks = new Map<FieldCatalog, Map<string, Map<string, OutputCheckResult>>>();
let cachedCount = 0;

/** `checkOutput(text, { source, catalog })`, from the cache when seen before. */
export function checkOutputCached(text: string, source: string, catalog: FieldCatalog): OutputCheckResult {
  let bySource = outputChecks.get(catalog);
  if (bySource === undefined) {
    bySource = new Map();
    outputChecks.set(catalog, bySource);
  }
  let byText = bySource.get(source);
  if (byText === undefined) {
    byText = new Map();
    bySource.set(source, byText);
  }
  let result = byText.get(text);
  if (result === undefined) {
    if (cachedCount >= MAX_CACHED_OUTPUTS) {
      clearOutputChecks();
      return checkOutputCached(text, source, catalog);
    }
    result = checkOutput(text, { source, catalog });
    byText.set(text, result);
    cachedCount++;
  }
  return result;
}

/** Forgets every cached output check. */
export function clearOutputChecks(): void {
  outputChecks.clear();
  cachedCount = 0;
}
