/**
 * Starts and stops code-server 4.100.3 (VS Code 1.100.3 served to a browser) for the
 * end-to-end tests: on 127.0.0.1, on a free port, with every directory it writes to under
 * one temporary folder, in its own process group so that the extension host and the
 * language server it spawns are killed with it. Installing it is `test/e2e/install.sh`'s
 * job; this module only finds it and says precisely what is missing.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export const CODE_SERVER_VERSION = '4.100.3';

/** A running code-server. */
export interface CodeServer {
  port: number;
  /** `http://127.0.0.1:PORT`. */
  baseUrl: string;
  /** Folder holding the user data, extensions, config and XDG dirs of this run. */
  stateDir: string;
  /** Everything code-server printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** Where install.sh puts code-server (same rule as the script). */
export function codeServerBinary(): string {
  const cacheDir = process.env.FALCO_STUDIO_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'falco-rule-studio-e2e');
  return path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', '.bin', 'code-server');
}

/** The reasons the end-to-end tests cannot run on this machine, empty when they can. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (!fs.existsSync(codeServerBinary())) {
    missing.push(`code-server ${CODE_SERVER_VERSION} is not installed at ${codeServerBinary()}`);
  }
  if (!fs.existsSync('/usr/bin/chromium')) {
    missing.push('Debian chromium is not installed at /usr/bin/chromium');
  }
  return missing;
}

/** Starts code-server with the given user settings and waits until it answers /healthz. */
export async function startCodeServer(userSettings: Record<string, unknown>): Promise<CodeServer> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-studio-e2e-'));
  const dirs = {
    userData: path.join(stateDir, 'user-data'),
    extensions: path.join(stateDir, 'extensions'),
    xdgConfig: path.join(stateDir, 'xdg-config'),
    xdgData: path.join(stateDir, 'xdg-data'),
    xdgCache: path.join(stateDir, 'xdg-cache'),
  };
  for (const dir of Object.values(dirs)) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), JSON.stringify(userSettings, null, 2));
  const configFile = path.join(stateDir, 'config.yaml');
  fs.writeFileSync(configFile, 'auth: none\ncert: false\n');

  const port = await freePort();
  const args = [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--config', configFile,
  ];
  // detached: a process group of its own, so stop() can kill the extension host and the
  // language server too; they otherwise outlive code-server.
  const child = spawn(codeServerBinary(), args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData, XDG_CACHE_HOME: dirs.xdgCache },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const baseUrl = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    port,
    baseUrl,
    stateDir,
    log: () => output,
    stop: () => stopGroup(child, stateDir),
  };
  try {
    await waitForHealth(baseUrl, child, 30_000);
  } catch (err) {
    await server.stop();
    throw new Error(`${(err as Error).message}\ncode-server output:\n${output}`);
  }
  return server;
}

/**
 * Installs a .vsix into the running server's extensions dir with
 * `code-server --install-extension`, as a user would; a window opened afterwards runs it.
 */
export function installExtension(server: CodeServer, vsixFile: string): string {
  const res = spawnSync(codeServerBinary(), [
    '--extensions-dir', path.join(server.stateDir, 'extensions'),
    '--user-data-dir', path.join(server.stateDir, 'user-data'),
    '--install-extension', vsixFile,
  ], { encoding: 'utf8', timeout: 60_000 });
  const output = `${res.stdout}${res.stderr}`;
  if (res.status !== 0) {
    throw new Error(`code-server --install-extension ${vsixFile} failed (exit ${res.status}):\n${output}`);
  }
  return output;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with code ${child.exitCode} before answering /healthz`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within ${timeoutMs} ms`);
}

async function stopGroup(child: ChildProcess, stateDir: string): Promise<void> {
  if (child.pid !== undefined && child.exitCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // The group is already gone.
    }
    const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000));
    if ((await Promise.race([exited, timer])) === 'timeout') {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
  }
  // Children of the group that ignored SIGTERM (file watchers, the language server).
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Nothing left.
    }
  }
  fs.rmSync(stateDir, { recursive: true, force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
