/**
 * Scenario: a user opens rules files. The official falco_rules.yaml is a Falco rules file
 * without error squiggles; a broken file shows an error squiggle and the Problems panel
 * shows Falco's code; a YAML file with a neutral name is recognised by its items; hovering a
 * macro shows its condition; typing a field prefix completes it; F12 on a macro goes to its
 * definition in another file.
 */
import assert from 'node:assert/strict';
import { countErrorSquiggles, goToLine, hoverToken, lineTokens, openFile, waitForLanguage, waitForProblem, waitUntil, type Workbench } from '../workbench';

/** The language name the status bar shows for `falco` (the first alias in package.json). */
export const FALCO_LANGUAGE_NAME = 'Falco rules';

export async function diagnosticsScenario(workbench: Workbench): Promise<void> {
  // Step 1: the broken file gets a squiggle and its Falco code in the Problems panel.
  await openFile(workbench, 'broken_rules.yaml');
  await waitForLanguage(workbench, FALCO_LANGUAGE_NAME);
  await waitUntil(
    async () => (await countErrorSquiggles(workbench)) > 0,
    30_000,
    () => Promise.resolve('no error squiggle appeared in broken_rules.yaml'),
  );
  const problems = await waitForProblem(workbench, 'LOAD_ERR_COMPILE_CONDITION');
  await workbench.screenshot('broken-rules');
  assert.match(problems, /broken_rules\.yaml/);

  // Step 2: the official file, loaded in the same pass, has no error squiggle among its
  // conditions, and a condition is highlighted token by token (field, operator, macro...).
  await openFile(workbench, 'falco_rules.yaml');
  await waitForLanguage(workbench, FALCO_LANGUAGE_NAME);
  await goToLine(workbench, 53);
  const tokens = await lineTokens(workbench, 'fd.num=-1');
  const classOf = (text: string): string | undefined => tokens.find((token) => token.text.trim() === text)?.className;
  assert.ok(classOf('fd.typechar') !== undefined, `the field is a token of its own: ${JSON.stringify(tokens)}`);
  assert.notEqual(classOf('fd.typechar'), classOf('condition'), 'fields and keys are coloured differently');
  await workbench.screenshot('falco-rules');
  assert.equal(await countErrorSquiggles(workbench), 0, 'falco_rules.yaml shows no error squiggle');

  // Step 3: a rules file named like any YAML file is recognised by its items.
  await openFile(workbench, 'local.yaml');
  await waitForLanguage(workbench, FALCO_LANGUAGE_NAME);

  // Step 4: hovering a macro of falco_rules.yaml shows its condition and expansion.
  const hoverText = await hoverToken(workbench, 'spawned_process', 'macro spawned_process');
  assert.match(hoverText, /execve/);
  await workbench.screenshot('local-yaml-hover');

  // Step 5: completion knows the fields after a typed prefix, with the field's type.
  await workbench.page.mouse.move(5, 5);
  await workbench.page.keyboard.press('Escape');
  await goToLine(workbench, 4);
  await workbench.page.keyboard.press('End');
  await workbench.page.keyboard.type(' and proc.exe');
  await workbench.page.keyboard.press('Control+Space');
  const suggest = workbench.page.locator('.suggest-widget .monaco-list-row', { hasText: 'proc.exepath' }).first();
  await suggest.waitFor({ timeout: 20_000 });
  await workbench.screenshot('local-yaml-completion');
  await workbench.page.keyboard.press('Escape');

  // Step 6: Go to Definition (F12) on the macro opens falco_rules.yaml at its definition.
  await workbench.page.locator('.editor-instance .monaco-editor .view-line span > span', { hasText: /^spawned_process$/ }).first().click();
  await workbench.page.keyboard.press('F12');
  await workbench.page.locator('.tab.active', { hasText: 'falco_rules.yaml' }).waitFor({ timeout: 20_000 });
  const selection = workbench.page.locator('#status\\.editor\\.selection');
  await waitUntil(
    async () => /^Ln 85,/.test((await selection.textContent())?.trim() ?? ''),
    20_000,
    async () => `the cursor is at "${(await selection.textContent())?.trim()}", expected line 85 (- macro: spawned_process)`,
  );
  await workbench.screenshot('definition');
}
