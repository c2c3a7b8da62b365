/**
 * The extended oracle: 37 more field columns (process lineage, fd directory/filename/typechar,
 * socket ends and flags, open flags, ids) dumped by sysdig 0.29.3 into
 * test/fixtures/captures/oracle-extra/ by scripts/native/make-extra-oracle.sh, compared with
 * `falco-studio events` event by event; the first mismatch names event, field, ours, sysdig's.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { packageRoot } from '../../../server/src/paths';

const capturesDir = path.join(packageRoot(), 'test', 'fixtures', 'captures');
const extraDir = path.join(capturesDir, 'oracle-extra');
const columns = fs.readFileSync(path.join(extraDir, 'COLUMNS'), 'utf8').trim().split(/\s+/);
const format = `*${columns.map((c) => `%${c}`).join('\\t')}`;
const dumps = fs.readdirSync(extraDir).filter((f) => f.endsWith('.tsv')).sort();

test('the extended oracle covers every capture sysdig can open', () => {
  assert.equal(dumps.length, 9);
  assert.ok(columns.length >= 30);
});

for (const dump of dumps) {
  test(`events matches sysdig 0.29.3 on ${columns.length} more fields: ${dump.replace(/\.tsv$/, '.scap')}`, () => {
    const cli = path.join(packageRoot(), 'out', 'cli', 'main.js');
    const capture = path.join(capturesDir, dump.replace(/\.tsv$/, '.scap'));
    const run = spawnSync(process.execPath, [cli, 'events', capture, '--format', format], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr);
    const ours = run.stdout.split('\n');
    const theirs = fs.readFileSync(path.join(extraDir, dump), 'utf8').split('\n');
    assert.equal(ours.length, theirs.length, 'line count');
    for (let i = 0; i < theirs.length; i++) {
      if (ours[i] === theirs[i]) continue;
      const a = ours[i].split('\t');
      const b = theirs[i].split('\t');
      const col = columns.findIndex((_, k) => a[k] !== b[k]);
      assert.fail(`event ${b[0]}, field ${columns[col]}: ours ${JSON.stringify(a[col])}, sysdig ${JSON.stringify(b[col])}`);
    }
  });
}
