/**
 * The README's first command ends in `npm run demo`: this runs each step of that script (after
 * its build, which the test run has done) on the shipped examples and checks what a newcomer
 * should see, so the README cannot silently go stale: the rules validate, the capture and the
 * audit event replay together with their alerts, and the profile writes its three files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../../../server/src/paths';

const root = packageRoot();
const demo = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.demo;
const steps = demo.split(' && ').filter((step) => step !== 'npm run build');

function run(step: string): string {
  const result = spawnSync(step, { cwd: root, shell: true, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(result.status, 0, `${step}\n${result.stderr}`);
  return result.stdout;
}

test('npm run demo: validate, replay (capture + audit event) and profile the shipped examples', { timeout: 120_000 }, () => {
  assert.deepEqual(
    steps.map((step) => step.split(' ')[2]),
    ['validate', 'replay', 'profile'],
    demo,
  );
  const validated = run(steps[0]);
  assert.match(validated, /examples\/rules\/falco_rules\.yaml: Ok\n/);
  assert.doesNotMatch(validated, /error/);

  const replayed = run(steps[1]);
  assert.match(replayed, /^ {3}Open From Cat: 4$/m);
  assert.match(replayed, /^ {3}Create Privileged Pod: 1$/m);
  assert.match(replayed, /^ {3}k8s_audit: 1 events, 1 alerts$/m);

  const outDir = /--out (\S+)/.exec(steps[2])?.[1];
  assert.ok(outDir !== undefined, steps[2]);
  fs.rmSync(path.join(root, outDir), { recursive: true, force: true });
  run(steps[2]);
  for (const file of ['profile.json', 'pipeline.dot', 'pipeline.folded']) {
    assert.ok(fs.statSync(path.join(root, outDir, file)).size > 0, file);
  }
});
