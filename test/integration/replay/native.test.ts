/**
 * The filter, ruleset, fast-text and reader-source test programs (native/test/filter_operators_test.cpp,
 * ruleset_test.cpp, fast_text_test.cpp, source_paths_test.cpp), built by native/test/Makefile with
 * AddressSanitizer, UBSan and -Werror, run on the shared captures. Each prints "N passed, M
 * failed" and fails on any failure.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../../server/src/paths';

const root = packageRoot();
const out = path.join(root, 'build', 'native-test');

function build(program: string): void {
  const run = spawnSync('make', ['-C', path.join(root, 'native', 'test'), '-j2', `OUT=${out}`, path.join(out, program)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 0, run.stderr.slice(-4000));
}

function check(program: string, args: string[], minPassed = 51): void {
  const run = spawnSync(path.join(out, program), args, { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr.slice(-4000)}`);
  const m = /(\d+) passed, 0 failed/.exec(run.stdout);
  assert.ok(m !== null && Number(m[1]) >= minPassed, run.stdout);
}

test('filter operators: glob against fnmatch, regex, CIDR, hex, pmatch, numbers, JSON', { timeout: 15 * 60_000 }, () => {
  build('filter_operators_test');
  check('filter_operators_test', []);
});

test('ruleset on real captures: matching, enter events, index, missing values, selection, errors', { timeout: 15 * 60_000 }, () => {
  build('ruleset_test');
  check('ruleset_test', [path.join(root, 'test', 'fixtures', 'captures')]);
});

test('fast text paths equal their references: IPs vs inet_ntop, paths, JSON escaping, times', { timeout: 15 * 60_000 }, () => {
  build('fast_text_test');
  check('fast_text_test', [], 13);
});

test('reader sources agree: mapped plain file, streamed pipe and gzip give the same events, state and errors', { timeout: 15 * 60_000 }, () => {
  build('source_paths_test');
  const capturesDir = path.join(root, 'test', 'fixtures', 'captures');
  const captures = fs.readdirSync(capturesDir).filter((f) => f.endsWith('.scap')).sort().map((f) => path.join(capturesDir, f));
  check('source_paths_test', captures, 5 * captures.length);
});
