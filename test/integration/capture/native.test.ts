/**
 * The .scap writer without Node: builds native/test/capture_writer_test.cpp against the
 * writer, our reader and the event table (with AddressSanitizer and UBSan), then runs its
 * round trip (every block kind, clipped strings, empty params) and its check of real
 * captures: every event of the committed fixtures and of a fresh capture has its table's
 * parameter count, fixed-size parameters have their type's size, and ids stay below 336.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { packageRoot } from '../../../server/src/paths';

const root = packageRoot();
const src = path.join(root, 'native', 'src');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'capture-native-'));
const binary = path.join(tmp, 'capture_writer_test');

function sources(folder: string): string[] {
  return fs
    .readdirSync(path.join(src, folder))
    .filter((name) => name.endsWith('.cpp'))
    .map((name) => path.join(src, folder, name));
}

function runChecker(args: string[]): { status: number | null; stdout: string } {
  const run = spawnSync(binary, args, { encoding: 'utf8', cwd: tmp });
  return { status: run.status, stdout: run.stdout + run.stderr };
}

describe('scap writer (native)', () => {
  before(() => {
    const files = [
      path.join(root, 'native', 'test', 'capture_writer_test.cpp'),
      path.join(src, 'capture', 'scap_writer.cpp'),
      ...sources('reader'),
      ...sources('schema'),
    ];
    const flags = ['-std=c++17', '-O1', '-g', '-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-Wall', '-Wextra', '-Werror'];
    execFileSync('g++', [...flags, `-I${src}`, ...files, '-lz', '-o', binary], { stdio: 'inherit' });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reads back what it wrote: machine, users, groups, threads, fds, events', () => {
    const run = runChecker([]);
    assert.equal(run.status, 0, run.stdout);
    assert.equal(run.stdout, 'ok\n');
  });

  for (const name of ['cat_hostname', 'pipeline']) {
    it(`fixtures/${name}.scap: every event matches the event table`, () => {
      const run = runChecker([path.join(root, 'test', 'integration', 'capture', 'fixtures', `${name}.scap`)]);
      assert.equal(run.status, 0, run.stdout);
    });
  }

  it('a fresh capture with sockets, a failed connect, files and directories matches the event table', () => {
    const out = path.join(tmp, 'fresh.scap');
    const script = 'exec 3<>/dev/tcp/127.0.0.1/1; cd /; ls >/dev/null; mkdir -p /tmp/fs-native-$$; rmdir /tmp/fs-native-$$';
    const capture = spawnSync(process.execPath, [path.join(root, 'out', 'cli', 'main.js'), 'capture', '-o', out, '--', 'bash', '-c', script], { encoding: 'utf8' });
    assert.ok(fs.existsSync(out), capture.stderr);
    const run = runChecker([out]);
    assert.equal(run.status, 0, run.stdout);
  });

  it('reports a mismatch: a file with an event that lacks its params fails the check', () => {
    // The checker must notice a wrong parameter count, so that its passing results mean something.
    const bytes = fs.readFileSync(path.join(root, 'test', 'integration', 'capture', 'fixtures', 'cat_hostname.scap'));
    const broken = Buffer.from(bytes);
    // The first EV_V2 block's event gets nparams 0 (block header 8 + cpuid 2 + 22 header bytes).
    let offset = 0;
    while (offset < broken.length && broken.readUInt32LE(offset) !== 0x216) offset += broken.readUInt32LE(offset + 4);
    broken.writeUInt32LE(0, offset + 8 + 2 + 22);
    const file = path.join(tmp, 'broken.scap');
    fs.writeFileSync(file, broken);
    const run = runChecker([file]);
    assert.equal(run.status, 1);
    assert.match(run.stdout, /event 1 \(type \d+\): 0 params, table has \d+/);
  });
});
