/**
 * The diagnostics scheduler: a change after a pause runs at once, a burst is coalesced into
 * one trailing run, a change during a run marks it stale and schedules one more run.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticsScheduler, type IsStale } from '../../../server/src/server/scheduler';

const OPTIONS = { debounceMs: 40, pauseMs: 200 };
const unexpected = (err: unknown): never => assert.fail(`unexpected error: ${String(err)}`);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('a change after a pause runs at once; a burst after it runs once more, after the burst', async () => {
  let nRuns = 0;
  const scheduler = new DiagnosticsScheduler(() => void nRuns++, unexpected, OPTIONS);
  scheduler.notify();
  assert.equal(nRuns, 1, 'the first change is answered synchronously');
  for (let idx = 0; idx < 10; idx++) {
    scheduler.notify();
    await sleep(5);
  }
  assert.equal(nRuns, 1, 'no run during the burst');
  await scheduler.idle();
  assert.equal(nRuns, 2, 'one run for the whole burst');
  await sleep(OPTIONS.pauseMs + 20);
  scheduler.notify();
  assert.equal(nRuns, 3, 'after a pause, at once again');
  scheduler.dispose();
});

test('a change during a run makes it stale and schedules another run', async () => {
  const staleness: boolean[] = [];
  let release: () => void = () => undefined;
  let nRuns = 0;
  const scheduler = new DiagnosticsScheduler(
    async (isStale: IsStale) => {
      nRuns++;
      if (nRuns === 1) {
        await new Promise<void>((resolve) => (release = resolve));
      }
      staleness.push(isStale());
    },
    unexpected,
    OPTIONS,
  );
  scheduler.notify();
  scheduler.notify();
  release();
  await scheduler.idle();
  assert.deepEqual(staleness, [true, false]);
  assert.equal(nRuns, 2);
});

test('an exception in a run is reported, and the scheduler keeps working', async () => {
  const errors: unknown[] = [];
  let nRuns = 0;
  const scheduler = new DiagnosticsScheduler(
    () => {
      nRuns++;
      if (nRuns === 1) {
        throw new Error('boom');
      }
    },
    (err) => errors.push(err),
    OPTIONS,
  );
  scheduler.notify();
  await scheduler.idle();
  await sleep(OPTIONS.pauseMs + 20);
  scheduler.notify();
  await scheduler.idle();
  assert.equal(errors.length, 1);
  assert.equal(nRuns, 2);
});
