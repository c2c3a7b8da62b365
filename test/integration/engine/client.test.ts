/**
 * The engine client's failure handling, with a real engine process: a capture error comes back
 * as data with capture, byte offset and event count; an unknown field is a plain error; cancel
 * ends a job as cancelled; a killed engine (SIGKILL) and a stopped one (SIGSTOP, a hang) are
 * reported with the signal or the hang and the last position, and the client recovers with a
 * fresh process for the next job. Nothing here may throw out of the client.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { test } from 'node:test';
import { EngineClient } from '../../../server/src/engine/client';
import { packageRoot } from '../../../server/src/paths';

const capturesDir = path.join(packageRoot(), 'test', 'fixtures', 'captures');
const curl = path.join(capturesDir, 'curl_google.scap');

/** A plain (uncompressed) copy of curl_google cut in the middle of a block. */
function truncatedCapture(): string {
  const plain = zlib.gunzipSync(fs.readFileSync(curl));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fs-engine-')), 'cut.scap');
  fs.writeFileSync(file, plain.subarray(0, 100_001));
  return file;
}

test('a truncated capture gives its rows, then an error with the byte offset and event count', async () => {
  const client = new EngineClient();
  try {
    let rows = 0;
    const job = client.run({ kind: 'events', capture: truncatedCapture(), fields: [{ name: 'evt.num' }] }, { onResults: (items) => (rows += items.length) });
    const outcome = await job.result;
    assert.equal(outcome.status, 'error');
    if (outcome.status !== 'error') return;
    assert.match(outcome.message, /truncated block/);
    assert.ok(outcome.offset !== undefined && outcome.offset > 0 && outcome.offset < 100_001, String(outcome.offset));
    assert.ok(outcome.eventsRead !== undefined && outcome.eventsRead > 0);
    assert.ok(rows > 0, 'events before the damage are still delivered');
  } finally {
    client.dispose();
  }
});

test('an unknown field and a missing file are errors, and the same engine keeps working', async () => {
  const client = new EngineClient();
  try {
    const bad = await client.run({ kind: 'events', capture: curl, fields: [{ name: 'proc.nosuchfield' }] }).result;
    assert.equal(bad.status, 'error');
    if (bad.status === 'error') assert.match(bad.message, /unknown field 'proc.nosuchfield'/);
    const missing = await client.run({ kind: 'events', capture: '/nonexistent/x.scap', fields: [] }).result;
    assert.equal(missing.status, 'error');
    if (missing.status === 'error') assert.match(missing.message, /cannot open/);
    const good = await client.run({ kind: 'count', capture: curl }).result;
    assert.equal(good.status, 'done');
    if (good.status === 'done') assert.equal(good.summary.events, 1536);
  } finally {
    client.dispose();
  }
});

test('cancel ends a job as cancelled', async () => {
  const client = new EngineClient();
  try {
    const job = client.run({ kind: 'events', capture: curl, fields: [{ name: 'evt.num' }], batch: 1 }, { onResults: () => job.cancel() });
    const outcome = await job.result;
    assert.equal(outcome.status, 'cancelled');
  } finally {
    client.dispose();
  }
});

test('a killed engine is reported as a crash with the signal and last position, then replaced', async () => {
  const client = new EngineClient();
  try {
    let killed = false;
    const job = client.run(
      { kind: 'events', capture: curl, fields: [{ name: 'evt.num' }], batch: 1 },
      {
        onProgress: () => {
          if (!killed && client.pid !== undefined) {
            killed = true;
            process.kill(client.pid, 'SIGKILL');
          }
        },
      },
    );
    const outcome = await job.result;
    assert.equal(outcome.status, 'crashed');
    if (outcome.status !== 'crashed') return;
    assert.equal(outcome.signal, 'SIGKILL');
    assert.equal(outcome.capture, curl);
    assert.ok(outcome.lastEventNum !== undefined && outcome.lastOffset !== undefined);
    assert.match(outcome.message, /killed by SIGKILL after event \d+/);
    const next = await client.run({ kind: 'count', capture: curl }).result;
    assert.equal(next.status, 'done');
  } finally {
    client.dispose();
  }
});

test('a stopped engine is reported as hung and killed', async () => {
  const client = new EngineClient({ hangMs: 500 });
  try {
    let stopped = false;
    const job = client.run(
      { kind: 'events', capture: curl, fields: [{ name: 'evt.num' }], batch: 1 },
      {
        onProgress: () => {
          if (!stopped && client.pid !== undefined) {
            stopped = true;
            process.kill(client.pid, 'SIGSTOP');
          }
        },
      },
    );
    const outcome = await job.result;
    assert.equal(outcome.status, 'hung');
    if (outcome.status === 'hung') assert.equal(outcome.capture, curl);
  } finally {
    client.dispose();
  }
});

test('a job past its timeout ends as timeout', async () => {
  const client = new EngineClient({ timeoutMs: 1 });
  try {
    const outcome = await client.run({ kind: 'events', capture: curl, fields: [{ name: 'proc.cmdline' }], batch: 1 }).result;
    assert.equal(outcome.status, 'timeout');
  } finally {
    client.dispose();
  }
});
