/**
 * Scenario: a user clicks the "Replay capture…" CodeLens of a rules file; the configured
 * capture is replayed in the engine; a notification sums it up, the Problems panel shows
 * one entry per rule that fired, and the Falco Alerts view lists the alerts by rule. Then
 * "Profile this rule" shows each rule's evaluations, matches and latency at its line, and the
 * profile view shows the rules table, the pipeline by branch and the flame graph.
 */
import assert from 'node:assert/strict';
import { openFile, waitForLanguage, waitForProblem, waitUntil, type Workbench } from '../workbench';
import { FALCO_LANGUAGE_NAME } from './diagnostics';

export async function replayScenario(workbench: Workbench): Promise<void> {
  await openFile(workbench, 'own_rules.yaml');
  await waitForLanguage(workbench, FALCO_LANGUAGE_NAME);

  // Step 1: the CodeLens on the first line starts the replay.
  const lens = workbench.page.locator('.codelens-decoration a', { hasText: 'Replay capture…' }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();

  // Step 2: the summary notification.
  const toast = workbench.page.locator('.notification-toast', { hasText: 'Falco replay of cat_write.scap' }).first();
  await toast.waitFor({ timeout: 60_000 });
  const summary = await toast.innerText();
  assert.match(summary, /\d+ alerts from \d+ rules over 345 events/);

  // Step 3: one Problems entry per rule that fired, at the rule.
  const problems = await waitForProblem(workbench, '4 alerts in cat_write.scap');
  assert.match(problems, /events #\d+/);

  // Step 4: the alerts view lists the rules that fired.
  const view = workbench.page.locator('.pane-header', { hasText: 'Falco Alerts' });
  await view.waitFor({ timeout: 20_000 });
  const rows = workbench.page.locator('.monaco-list-row', { hasText: 'Own open by cat' });
  await waitUntil(
    async () => (await rows.count()) > 0,
    20_000,
    () => Promise.resolve('the Falco Alerts view does not list "Own open by cat"'),
  );
  await workbench.screenshot('replay');

  // Step 5: "Profile this rule" above a rule; its numbers appear at the end of its line.
  const profileLens = workbench.page.locator('.codelens-decoration a', { hasText: 'Profile this rule' }).first();
  await profileLens.waitFor({ timeout: 20_000 });
  await profileLens.click();
  let inline: string[] = [];
  await waitUntil(
    async () => {
      inline = await afterTexts(workbench);
      return inline.some((text) => /4 evals, 4 matches · matched p50 [\d.]+ (ns|µs) p99/.test(text));
    },
    80_000,
    () => Promise.resolve(`no rule line shows its profile; inline texts: ${JSON.stringify(inline)}`),
  );
  await workbench.screenshot('profile');

  // Step 6: the profile view, from the command palette ("Falco: Show last profile"; the
  // profile notification's button runs the same command, but a toast can be pushed out of
  // view by other notifications): rules table, pipeline, flame graph.
  await workbench.page.keyboard.press('F1');
  const quickInput = workbench.page.locator('.quick-input-widget input');
  await quickInput.waitFor({ timeout: 10_000 });
  await quickInput.fill('>Falco: Show last profile');
  await workbench.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show last profile' }).first().waitFor({ timeout: 10_000 });
  await workbench.page.keyboard.press('Enter');
  const webview = workbench.page.frameLocator('iframe.webview').frameLocator('#active-frame');
  await webview.locator('h2', { hasText: 'Profile of' }).waitFor({ timeout: 30_000 });
  const page = await webview.locator('body').innerText();
  assert.match(page, /Own open by cat/);
  assert.match(page, /no_match/);
  assert.match(page, /Flame graph/);
  assert.ok((await webview.locator('.flame .frame').count()) > 3, 'the flame graph has frames');
  await workbench.screenshot('profile-view');
}

/** The texts VS Code renders after the end of lines (decorations' `after` content). */
async function afterTexts(workbench: Workbench): Promise<string[]> {
  // The callback runs in the page, where globalThis is the window.
  return workbench.page.locator('.editor-instance .monaco-editor .view-lines span').evaluateAll((spans) =>
    spans
      .map((span) => (globalThis as unknown as { getComputedStyle(element: unknown, pseudo: string): { content: string } }).getComputedStyle(span, '::after').content)
      .filter((content) => content !== 'none' && content !== 'normal' && content !== '')
      .map((content) => content.replace(/^"|"$/g, '')),
  );
}
