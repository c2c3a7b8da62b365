/**
 * The profiler's native building blocks without Node (native/test/metrics_test.cpp): log
 * histogram buckets and percentiles, tick calibration, and the pipeline clock's branch
 * classification and sampling. Built here with AddressSanitizer and UBSan from the three
 * metrics sources it needs (seconds, not the whole engine).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../../server/src/paths';

const root = packageRoot();

test('metrics_test builds with sanitizers and passes', { timeout: 5 * 60_000 }, () => {
  // Not under build/: `node-gyp rebuild` empties that folder.
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-test-'));
  const binary = path.join(out, 'metrics_test');
  const sources = ['native/test/metrics_test.cpp', 'native/src/metrics/histogram.cpp', 'native/src/metrics/cycle_clock.cpp', 'native/src/metrics/pipeline_clock.cpp'];
  const flags = ['-std=c++17', '-O1', '-g', '-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-Wall', '-Wextra', '-Werror'];
  const build = spawnSync('g++', [...flags, `-I${path.join(root, 'native', 'src')}`, ...sources.map((s) => path.join(root, s)), '-o', binary], { encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr.slice(-4000));
  const run = spawnSync(binary, [], { encoding: 'utf8' });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const m = /^(\d+) passed, 0 failed$/m.exec(run.stdout);
  assert.ok(m !== null && Number(m[1]) >= 40, run.stdout);
  fs.rmSync(out, { recursive: true, force: true });
});
