/**
 * The native core without Node: builds native/test (every engine .cpp except addon/) with
 * AddressSanitizer and UBSan, checks the generated event table is not stale, then runs the
 * synthetic block-format program (PL V1-V9, FDL/IL/UL v1 and v2, EVF, LARGE, sections), the
 * hostile-input program (more than 10,000 mutated captures in-process) and the field dump of
 * every capture under the sanitizers, comparing the dumps with the sysdig oracle.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../../server/src/paths';

const root = packageRoot();
const out = path.join(root, 'build', 'native-test');
const capturesDir = path.join(root, 'test', 'fixtures', 'captures');
const captures = fs.readdirSync(capturesDir).filter((f) => f.endsWith('.scap')).sort().map((f) => path.join(capturesDir, f));
const COLUMNS = ['evt.num', 'evt.type', 'evt.dir', 'thread.tid', 'proc.name', 'proc.cmdline', 'proc.pname', 'proc.exepath', 'fd.num', 'fd.type', 'fd.name', 'user.name', 'evt.res'];

test('the generated event table matches data/event-schema.json', () => {
  const run = spawnSync(process.execPath, [path.join(root, 'scripts', 'native', 'gen-schema.js'), '--check'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
});

test('native test programs build with sanitizers and -Werror', { timeout: 15 * 60_000 }, () => {
  const run = spawnSync('make', ['-C', path.join(root, 'native', 'test'), '-j2', `OUT=${out}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr.slice(-4000));
});

test('every block type and version: synthetic captures read as written (sanitizer build)', () => {
  const run = spawnSync(path.join(out, 'blocks_test'), [], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr.slice(-4000)}`);
  assert.match(run.stdout, /^\d+ passed, 0 failed$/m);
});

test('hostile input: >10,000 mutated captures end cleanly or with an error, sanitizer-clean', { timeout: 10 * 60_000 }, () => {
  const run = spawnSync(path.join(out, 'fuzz_reader'), ['--per-capture', '1200', ...captures], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr.slice(-4000)}`);
  const m = /fuzz: (\d+) inputs, (\d+) ended with an error, (\d+) clean, (\d+) events, 0 failures/.exec(run.stdout);
  assert.ok(m !== null, run.stdout);
  assert.ok(Number(m[1]) >= 10_000, run.stdout);
  assert.ok(Number(m[2]) > 0 && Number(m[3]) > 0, run.stdout);
});

test('the sanitizer build dumps every capture exactly like the sysdig oracle', { timeout: 5 * 60_000 }, () => {
  for (const capture of captures) {
    const run = spawnSync(path.join(out, 'dump_fields'), [capture, ...COLUMNS], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr);
    const oracle = fs.readFileSync(path.join(capturesDir, 'oracle', `${path.basename(capture, '.scap')}.tsv`), 'utf8');
    assert.equal(run.stdout, oracle, path.basename(capture));
  }
});
