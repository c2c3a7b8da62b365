/**
 * Merges the alert streams of several inputs into one stream in time order, as they arrive:
 * each input's items keep their own order, and an item is released only once every input
 * still running has something queued (or has finished), so the output never goes back in
 * time. Ties go to the input given first. Items are ordered by their `time` (ISO 8601 UTC
 * with nanoseconds, fixed width, so text order is time order). It does not parse or change
 * the items.
 */

interface Queue {
  items: unknown[];
  next: number;
  finished: boolean;
}

export class AlertMerge {
  private readonly queues: Queue[];

  constructor(inputs: number, private readonly emit: (items: unknown[]) => void) {
    this.queues = Array.from({ length: inputs }, () => ({ items: [], next: 0, finished: false }));
  }

  /** Adds items of input `index` (in that input's order) and releases what can be released. */
  push(index: number, items: readonly unknown[]): void {
    const queue = this.queues[index];
    for (const item of items) queue.items.push(item);
    this.release();
  }

  /** Marks input `index` as finished (no more items) and releases what can be released. */
  finish(index: number): void {
    this.queues[index].finished = true;
    this.release();
  }

  /** Releases everything queued, in time order, whatever is still running (on errors). */
  flush(): void {
    for (const queue of this.queues) queue.finished = true;
    this.release();
  }

  private release(): void {
    const out: unknown[] = [];
    for (;;) {
      let best = -1;
      let bestTime = '';
      let blocked = false;
      for (let idx = 0; idx < this.queues.length; idx++) {
        const queue = this.queues[idx];
        if (queue.next >= queue.items.length) {
          if (!queue.finished) blocked = true;
          continue;
        }
        const time = timeOf(queue.items[queue.next]);
        if (best < 0 || time < bestTime) {
          best = idx;
          bestTime = time;
        }
      }
      if (blocked || best < 0) break;
      const queue = this.queues[best];
      out.push(queue.items[queue.next++]);
      if (queue.next === queue.items.length) {
        queue.items = [];
        queue.next = 0;
      }
    }
    if (out.length > 0) this.emit(out);
  }
}

function timeOf(item: unknown): string {
  const time = (item as { time?: unknown }).time;
  return typeof time === 'string' ? time : '';
}
