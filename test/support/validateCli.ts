/**
 * Running the built `falco-studio validate` (`out/cli/main.js`) as a child process on files
 * written to a temporary folder that is removed after the test file's tests.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { after } from 'node:test';
import { packageRoot } from '../../server/src/paths';

const cli = path.join(packageRoot(), 'out', 'cli', 'main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A temporary folder for one test file, and helpers writing into it and running validate. */
export function validateCli(prefix: string): { tmp: string; write(name: string, text: string): string; run(...args: string[]): CliRun } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  return {
    tmp,
    write(name: string, text: string): string {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, text);
      return file;
    },
    run(...args: string[]): CliRun {
      const res = spawnSync(process.execPath, [cli, 'validate', ...args], { encoding: 'utf8' });
      return { code: res.status, stdout: res.stdout, stderr: res.stderr };
    },
  };
}
