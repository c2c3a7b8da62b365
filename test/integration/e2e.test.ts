/**
 * Runs the end-to-end scenarios of `test/e2e/` in a real VS Code (code-server 4.100.3 and
 * Debian's Chromium), with this repository loaded as the extension under development.
 * Fails, never skips, when code-server or Chromium is missing: `test/e2e/install.sh`
 * (run by `.ci/run`) installs them.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageRoot } from '../../server/src/paths';
import { installExtension, missingPrerequisites, startCodeServer, type CodeServer } from '../e2e/codeServer';
import { openWorkbench, type Workbench } from '../e2e/workbench';
import { diagnosticsScenario } from '../e2e/scenarios/diagnostics';
import { replayScenario } from '../e2e/scenarios/replay';
import { packagedScenario } from '../e2e/scenarios/packaged';

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
  'editor.hover.delay': 100,
};

let server: CodeServer | undefined;
const workspaceDirs: string[] = [];

before(async () => {
  const missing = missingPrerequisites();
  assert.deepEqual(missing, [], `The end-to-end tests need a real VS Code: ${missing.join('; ')}. Run test/e2e/install.sh (as .ci/run does).`);
  assert.ok(fs.existsSync(path.join(packageRoot(), 'out', 'client', 'extension.js')), 'the extension is built (npm run build)');
  server = await startCodeServer(USER_SETTINGS);
});

after(async () => {
  await server?.stop();
  for (const dir of workspaceDirs) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Runs one scenario in a fresh workbench page on a temporary copy of `test/e2e/<folder>`;
 * on failure keeps a screenshot and the logs. By default on the shared server with this
 * repository as the extension under development; `installed` runs only what `on` has installed.
 */
async function runScenario(name: string, folder: string, scenario: (workbench: Workbench) => Promise<void>,
  options: { on?: CodeServer; installed?: boolean } = {}): Promise<void> {
  const target = options.on ?? server;
  assert.ok(target, 'code-server is running');
  const workspaceDir = fs.mkdtempSync(path.join(os.tmpdir(), `falco-studio-e2e-${name}-`));
  workspaceDirs.push(workspaceDir);
  fs.cpSync(path.join(packageRoot(), 'test', 'e2e', folder), workspaceDir, { recursive: true });
  const workbench = await openWorkbench(target, workspaceDir, options.installed === true ? undefined : packageRoot());
  try {
    await scenario(workbench);
  } catch (err) {
    const shot = await workbench.screenshot(`${name}-failure`).catch(() => '(no screenshot)');
    const logs = workbench.consoleLog.filter((line) => /falco|error/i.test(line)).slice(-40).join('\n');
    throw new Error(`${(err as Error).message}\nscreenshot: ${shot}\npage console (filtered):\n${logs}`);
  } finally {
    await workbench.close();
  }
}

test('e2e: rules files open as Falco, load errors show as squiggles and in the Problems panel', { timeout: 180_000 }, async () => {
  await runScenario('diagnostics', 'workspace', diagnosticsScenario);
});

test('e2e: the Replay capture CodeLens replays the configured capture; alerts in a view and in Problems', { timeout: 180_000 }, async () => {
  await runScenario('replay', 'workspace-replay', replayScenario);
});

test('e2e: the packaged .vsix installs with code-server --install-extension and reports load errors', { timeout: 240_000 }, async () => {
  const vsixDir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-studio-e2e-vsix-'));
  workspaceDirs.push(vsixDir);
  const vsix = path.join(vsixDir, 'falco-rule-studio.vsix');
  const res = spawnSync(process.execPath, [path.join(packageRoot(), 'scripts', 'package.js'), '--no-build', '--out', vsix],
    { cwd: packageRoot(), encoding: 'utf8' });
  assert.equal(res.status, 0, `npm run package failed:\n${res.stdout}\n${res.stderr}`);
  // A server of its own, so the installed copy never meets the development one.
  const packaged = await startCodeServer(USER_SETTINGS);
  try {
    installExtension(packaged, vsix);
    const { publisher, name, version } = JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as Record<string, string>;
    assert.ok(fs.existsSync(path.join(packaged.stateDir, 'extensions', `${publisher}.${name}-${version}`, 'out', 'server', 'main.js')),
      'the extension is installed in the extensions dir');
    await runScenario('packaged', 'workspace', packagedScenario, { on: packaged, installed: true });
  } finally {
    await packaged.stop();
  }
});
