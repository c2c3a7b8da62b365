/**
 * Hostile audit input in the native core, without Node: builds fuzz_audit.cpp with the audit
 * reader and the k8s_audit extractors under AddressSanitizer and UBSan (-Werror), then reads
 * more than 10,000 mutations of the real trace files and extracts every field from every
 * event: each input ends cleanly or with a positioned error, with no sanitizer report.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { root, traces } from './run';

const out = path.join(root, 'build', 'k8s-audit-fuzz');
const program = path.join(out, 'fuzz_audit');
const sources = ['sources/k8s_audit/json_doc.cpp', 'sources/k8s_audit/audit_reader.cpp', 'sources/k8s_audit/audit_context.cpp', 'fields/k8s_audit_fields.cpp',
  'fields/k8s_audit_walk.cpp', 'fields/k8s_audit_pod_fields.cpp', 'filter/json.cpp'];

test('k8s_audit reader and extractors: >10,000 mutated audit files, sanitizer-clean', { timeout: 15 * 60_000 }, () => {
  fs.mkdirSync(out, { recursive: true });
  const build = spawnSync('g++', [
    '-std=c++17', '-O1', '-g', '-fno-omit-frame-pointer', '-fsanitize=address,undefined', '-fno-sanitize-recover=all',
    '-Wall', '-Wextra', '-Werror', `-I${path.join(root, 'native', 'src')}`,
    path.join(root, 'test', 'integration', 'k8s_audit', 'fuzz_audit.cpp'), ...sources.map((s) => path.join(root, 'native', 'src', s)),
    '-o', program,
  ], { encoding: 'utf8' });
  assert.equal(build.status, 0, build.stderr.slice(-4000));
  const files = fs.readdirSync(traces).map((f) => path.join(traces, f));
  const run = spawnSync(program, ['--per-file', '450', ...files], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr.slice(-4000)}`);
  const m = /fuzz: (\d+) inputs, (\d+) ended with an error, (\d+) clean, (\d+) events, 0 failures/.exec(run.stdout);
  assert.ok(m !== null, run.stdout);
  assert.ok(Number(m[1]) > 10000, `only ${m[1]} inputs`);
  assert.ok(Number(m[2]) > 0 && Number(m[3]) > 0 && Number(m[4]) > 0, run.stdout);
});
