/**
 * The time-order merge of the replay-sources job (server/src/engine/jobs/alertMerge.ts): an
 * item waits until every running input has something queued or has finished, ties go to the
 * input given first, each input keeps its own order, and flush releases everything.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlertMerge } from '../../../server/src/engine/jobs/alertMerge';

const at = (second: number, tag: string): { time: string; tag: string } => ({ time: `2024-01-01T00:00:${String(second).padStart(2, '0')}.000000000Z`, tag });

describe('AlertMerge', () => {
  it('holds items until every running input has spoken, then releases in time order', () => {
    const out: string[] = [];
    const merge = new AlertMerge(2, (items) => out.push(...items.map((i) => (i as { tag: string }).tag)));
    merge.push(0, [at(1, 'a1'), at(5, 'a5')]);
    assert.deepEqual(out, [], 'input 1 has said nothing yet');
    merge.push(1, [at(3, 'b3')]);
    assert.deepEqual(out, ['a1', 'b3']);
    merge.push(1, [at(5, 'b5'), at(2, 'b2-late')]);
    assert.deepEqual(out, ['a1', 'b3', 'a5'], 'a tie goes to the first input; a5 then waits for input 0');
    merge.finish(0);
    assert.deepEqual(out, ['a1', 'b3', 'a5', 'b5', 'b2-late'], 'an input keeps its own order');
  });

  it('a finished input without items does not block; flush releases everything', () => {
    const out: string[] = [];
    const merge = new AlertMerge(3, (items) => out.push(...items.map((i) => (i as { tag: string }).tag)));
    merge.finish(1);
    merge.push(0, [at(4, 'a4')]);
    assert.deepEqual(out, []);
    merge.push(2, [at(9, 'c9')]);
    assert.deepEqual(out, ['a4']);
    merge.flush();
    assert.deepEqual(out, ['a4', 'c9']);
  });
});
