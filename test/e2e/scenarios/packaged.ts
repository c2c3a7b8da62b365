/**
 * Scenario: a user installs the packaged extension (`npm run package`, then
 * `code-server --install-extension FILE.vsix`) instead of running it from the repository. The
 * installed copy must bring everything it needs: the broken rules file opens as Falco rules
 * and the language server, running from the extensions dir, reports Falco's code in the
 * Problems panel. The workbench is opened without an extension under development.
 */
import assert from 'node:assert/strict';
import { openFile, waitForLanguage, waitForProblem, type Workbench } from '../workbench';
import { FALCO_LANGUAGE_NAME } from './diagnostics';

export async function packagedScenario(workbench: Workbench): Promise<void> {
  await openFile(workbench, 'broken_rules.yaml');
  await waitForLanguage(workbench, FALCO_LANGUAGE_NAME, 30_000);
  const problems = await waitForProblem(workbench, 'LOAD_ERR_COMPILE_CONDITION');
  await workbench.screenshot('packaged');
  assert.match(problems, /broken_rules\.yaml/);
}
