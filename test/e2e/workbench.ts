/**
 * Drives a VS Code workbench served by code-server with Debian's Chromium through
 * playwright-core: opens a folder with this repository loaded as an extension under
 * development, opens files from the Explorer, and reads what a user sees (the language in
 * the status bar, squiggles, the Problems panel). Selectors are VS Code 1.100's own.
 * Screenshots go to `test-results/` at the repository root.
 */
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { packageRoot } from '../../server/src/paths';
import { type CodeServer } from './codeServer';

/** An open workbench page. */
export interface Workbench {
  page: Page;
  /** Console messages of the page, for failure messages. */
  consoleLog: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Opens `workspaceDir` in the workbench with the extension at `extensionDir` under development;
 * without `extensionDir`, only the extensions installed in the server's extensions dir run.
 */
export async function openWorkbench(server: CodeServer, workspaceDir: string, extensionDir?: string): Promise<Workbench> {
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleLog: string[] = [];
  page.on('console', (message) => consoleLog.push(`${message.type()}: ${message.text()}`));
  const payload = [
    ...(extensionDir === undefined ? [] : [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${server.port}${extensionDir}`]]),
    ['skipWelcome', 'true'],
  ];
  const url = `${server.baseUrl}/?folder=${encodeURIComponent(workspaceDir)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  return {
    page,
    consoleLog,
    screenshot: async (name: string): Promise<string> => {
      const dir = path.join(packageRoot(), 'test-results');
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `e2e-${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    close: () => browser.close(),
  };
}

/** Opens a file of the workspace's top folder by clicking its row in the Explorer. */
export async function openFile(workbench: Workbench, fileName: string): Promise<void> {
  const row = workbench.page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
  await row.click();
  await workbench.page.locator('.tab.active', { hasText: fileName }).waitFor({ timeout: 20_000 });
  await workbench.page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
}

/** Waits until the status bar names `language` as the active editor's language. */
export async function waitForLanguage(workbench: Workbench, language: string, timeoutMs = 20_000): Promise<void> {
  const mode = workbench.page.locator('#status\\.editor\\.mode');
  await waitUntil(async () => (await mode.textContent())?.trim() === language, timeoutMs, async () => `the status bar says "${(await mode.textContent())?.trim()}", expected "${language}"`);
}

/** The number of error squiggles in the active editor's visible lines. */
export async function countErrorSquiggles(workbench: Workbench): Promise<number> {
  return workbench.page.locator('.editor-instance .monaco-editor .squiggly-error').count();
}

/** Opens the Problems panel and waits until its text contains `expected`; returns the text. */
export async function waitForProblem(workbench: Workbench, expected: string, timeoutMs = 30_000): Promise<string> {
  const panel = workbench.page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await workbench.page.keyboard.press('Control+Shift+M');
  }
  await panel.waitFor({ timeout: 10_000 });
  let text = '';
  await waitUntil(
    async () => {
      text = (await panel.innerText()) ?? '';
      return text.includes(expected);
    },
    timeoutMs,
    () => Promise.resolve(`the Problems panel does not show "${expected}"; it shows:\n${text}`),
  );
  return text;
}

/** Polls `condition` until it holds; throws with `describe()` when time runs out. */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, describe: () => Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(await describe());
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Moves the cursor of the active editor to a 1-based line with Go to Line (Ctrl+G). */
export async function goToLine(workbench: Workbench, line: number): Promise<void> {
  await workbench.page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await workbench.page.keyboard.press('Control+G');
  await workbench.page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
  await workbench.page.keyboard.type(String(line));
  await workbench.page.keyboard.press('Enter');
  await workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** The rendered tokens (text and CSS class) of the first visible editor line containing `text`. */
export async function lineTokens(workbench: Workbench, text: string): Promise<{ text: string; className: string }[]> {
  const line = workbench.page.locator('.editor-instance .monaco-editor .view-line', { hasText: text }).first();
  await line.waitFor({ timeout: 10_000 });
  return line.locator('span > span').evaluateAll((spans) => spans.map((span) => ({ text: span.textContent ?? '', className: span.className })));
}

/** Hovers the first visible token spelled exactly `token`; returns the hover's text once it shows `expected`. */
export async function hoverToken(workbench: Workbench, token: string, expected: string, timeoutMs = 20_000): Promise<string> {
  const span = workbench.page.locator('.editor-instance .monaco-editor .view-line span > span', { hasText: new RegExp(`^${token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first();
  await span.waitFor({ timeout: 10_000 });
  const hoverWidget = workbench.page.locator('.monaco-hover:not(.hidden)');
  let text = '';
  await waitUntil(
    async () => {
      await workbench.page.mouse.move(5, 5);
      await span.hover();
      // Give the hover a few seconds to arrive before moving away and trying again.
      const deadline = Date.now() + 4_000;
      while (Date.now() < deadline) {
        text = (await hoverWidget.count()) > 0 ? await hoverWidget.first().innerText() : '';
        if (text.includes(expected)) {
          return true;
        }
        await workbench.page.waitForTimeout(200);
      }
      return false;
    },
    timeoutMs,
    () => Promise.resolve(`hovering "${token}" did not show "${expected}"; the hover showed:\n${text}`),
  );
  return text;
}
