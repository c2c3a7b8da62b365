/**
 * Field oracle: for every capture in test/fixtures/captures, the 13 columns that sysdig 0.29.3
 * printed into oracle/<name>.tsv must equal our output event by event, once through the CLI
 * (`falco-studio events --format`) and once through the engine client directly. The first
 * mismatch is reported as event number, field, ours, oracle. No capture needs an exception:
 * where HEAD and 0.29.3 differ, the engine follows 0.29.3 (see native/src/state/).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { EngineClient } from '../../../server/src/engine/client';
import { packageRoot } from '../../../server/src/paths';

const COLUMNS = ['evt.num', 'evt.type', 'evt.dir', 'thread.tid', 'proc.name', 'proc.cmdline', 'proc.pname', 'proc.exepath', 'fd.num', 'fd.type', 'fd.name', 'user.name', 'evt.res'];
const FORMAT = `*${COLUMNS.map((c) => `%${c}`).join('\\t')}`;
const capturesDir = path.join(packageRoot(), 'test', 'fixtures', 'captures');
const captures = fs.readdirSync(capturesDir).filter((f) => f.endsWith('.scap')).sort();

function oracleLines(name: string): string[] {
  const text = fs.readFileSync(path.join(capturesDir, 'oracle', `${name.replace(/\.scap$/, '')}.tsv`), 'utf8');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
}

/** Returns a description of the first difference, or undefined when the dumps are equal. */
function firstMismatch(ours: string[], oracle: string[]): string | undefined {
  for (let i = 0; i < Math.max(ours.length, oracle.length); i++) {
    if (ours[i] === oracle[i]) continue;
    if (ours[i] === undefined || oracle[i] === undefined) {
      return `line ${i + 1}: ours ${JSON.stringify(ours[i])}, oracle ${JSON.stringify(oracle[i])}`;
    }
    const a = ours[i].split('\t');
    const b = oracle[i].split('\t');
    const col = COLUMNS.findIndex((_, k) => a[k] !== b[k]);
    return `event ${b[0]}, field ${COLUMNS[col]}: ours ${JSON.stringify(a[col])}, oracle ${JSON.stringify(b[col])}`;
  }
  return undefined;
}

test('the oracle covers every capture and has 13 columns', () => {
  assert.equal(captures.length, 10);
  for (const capture of captures) {
    for (const line of oracleLines(capture)) assert.equal(line.split('\t').length, 13, `${capture}: ${line}`);
  }
});

for (const capture of captures) {
  test(`CLI events matches the sysdig 0.29.3 oracle: ${capture}`, () => {
    const cli = path.join(packageRoot(), 'out', 'cli', 'main.js');
    const run = spawnSync(process.execPath, [cli, 'events', path.join(capturesDir, capture), '--format', FORMAT], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr);
    const ours = run.stdout === '' ? [] : run.stdout.replace(/\n$/, '').split('\n');
    const oracle = oracleLines(capture);
    assert.equal(firstMismatch(ours, oracle), undefined);
    assert.equal(ours.length, oracle.length);
  });
}

test('the engine client streams the same rows as the oracle for every capture', async () => {
  const client = new EngineClient({ hangMs: 30_000 });
  try {
    for (const capture of captures) {
      const rows: (string | number | null)[][] = [];
      const job = client.run(
        { kind: 'events', capture: path.join(capturesDir, capture), fields: COLUMNS.map((name) => ({ name })), batch: 100 },
        { onResults: (items) => rows.push(...(items as (string | number | null)[][])) },
      );
      const outcome = await job.result;
      assert.equal(outcome.status, 'done', JSON.stringify(outcome));
      const ours = rows.map((row) => row.slice(1).map((v) => (v === null ? '<NA>' : v)).join('\t'));
      assert.equal(firstMismatch(ours, oracleLines(capture)), undefined, capture);
      if (outcome.status === 'done') assert.equal(outcome.summary.visible, ours.length);
    }
  } finally {
    client.dispose();
  }
});

/** `--filter` selects exactly the oracle rows that satisfy the same condition. */
const FILTER_CASES: { capture: string; filter: string; keep: (cols: string[]) => boolean }[] = [
  { capture: 'curl_google.scap', filter: 'evt.type = connect', keep: (c) => c[1] === 'connect' },
  { capture: 'curl_google.scap', filter: 'proc.name = curl and evt.dir = < and fd.type = ipv6', keep: (c) => c[4] === 'curl' && c[2] === '<' && c[9] === 'ipv6' },
  { capture: 'cat_write.scap', filter: 'fd.name startswith /etc or evt.res = ENOENT', keep: (c) => c[10].startsWith('/etc') || c[12] === 'ENOENT' },
  { capture: 'single_ipv6_conn.scap', filter: 'thread.tid in (25886) and not evt.type in (read, write)', keep: (c) => c[3] === '25886' && c[1] !== 'read' && c[1] !== 'write' },
];

for (const { capture, filter, keep } of FILTER_CASES) {
  test(`CLI events --filter '${filter}' keeps the matching oracle rows of ${capture}`, () => {
    const cli = path.join(packageRoot(), 'out', 'cli', 'main.js');
    const run = spawnSync(process.execPath, [cli, 'events', path.join(capturesDir, capture), '--format', FORMAT, '--filter', filter], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr);
    const ours = run.stdout === '' ? [] : run.stdout.replace(/\n$/, '').split('\n');
    const expected = oracleLines(capture).filter((line) => keep(line.split('\t')));
    assert.ok(expected.length > 0);
    assert.equal(firstMismatch(ours, expected), undefined);
  });
}

test('CLI events reports a bad filter and a bad capture with exit codes 2 and 1', () => {
  const cli = path.join(packageRoot(), 'out', 'cli', 'main.js');
  const bad = spawnSync(process.execPath, [cli, 'events', path.join(capturesDir, 'syscall.scap'), '--filter', 'proc.nosuch = 1'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /LOAD_ERR_COMPILE_CONDITION/);
  const missing = spawnSync(process.execPath, [cli, 'events', path.join(capturesDir, 'nonexistent.scap')], { encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot open/);
});

test('CLI events --json and the default format print every visible event of the oracle', () => {
  const cli = path.join(packageRoot(), 'out', 'cli', 'main.js');
  const capture = path.join(capturesDir, 'test_ipv6_client.scap');
  const oracle = oracleLines('test_ipv6_client.scap').map((line) => line.split('\t'));
  const json = spawnSync(process.execPath, [cli, 'events', capture, '--json', '--format', '%evt.num %proc.name %fd.name'], { encoding: 'utf8' });
  assert.equal(json.status, 0, json.stderr);
  const rows = json.stdout.trim().split('\n').map((line) => JSON.parse(line) as { evt_num: number; fields: Record<string, string | null> });
  assert.equal(rows.length, oracle.length);
  rows.forEach((row, i) => {
    assert.equal(String(row.evt_num), oracle[i][0]);
    assert.equal(row.fields['proc.name'] ?? '<NA>', oracle[i][4]);
    assert.equal(row.fields['fd.name'] ?? '<NA>', oracle[i][10]);
  });
  const plain = spawnSync(process.execPath, [cli, 'events', capture], { encoding: 'utf8' });
  assert.equal(plain.status, 0, plain.stderr);
  const lines = plain.stdout.trim().split('\n');
  assert.equal(lines.length, oracle.length);
  lines.forEach((line, i) => assert.ok(line.startsWith(`${oracle[i][0]} `) && line.includes(` ${oracle[i][2]} ${oracle[i][1]}`), line));
});

test('without a leading * events whose fields are missing are skipped, like sysdig', () => {
  const cli = path.join(packageRoot(), 'out', 'cli', 'main.js');
  const run = spawnSync(process.execPath, [cli, 'events', path.join(capturesDir, 'cat_write.scap'), '--format', '%evt.num %fd.name'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const expected = oracleLines('cat_write.scap').map((line) => line.split('\t')).filter((cols) => cols[10] !== '<NA>');
  assert.deepEqual(run.stdout.replace(/\n$/, '').split('\n'), expected.map((cols) => `${cols[0]} ${cols[10]}`));
});
