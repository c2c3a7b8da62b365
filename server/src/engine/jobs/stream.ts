/**
 * The batch loop the streaming jobs share (`events`, `replay`, and the syscall input of
 * `replay-sources`): ask the addon session for a batch, hand it over, report progress, turn a
 * read error into a JobError with the capture, byte offset and last event number, stop on
 * `done`, and between batches yield to the event loop and honour cancellation. It does not
 * know what a batch holds; the job's `onBatch` does.
 */
import { type JobContext, JobError } from './context';

/** What every addon session's `next()` returns besides its items. */
export interface SessionBatch {
  done: boolean;
  offset: number;
  eventsRead: number;
  error?: { message: string; offset: number; eventsRead: number };
}

/** Runs `next` batch after batch until the capture is read; resolves with the last batch. */
export async function streamBatches<B extends SessionBatch>(
  ctx: JobContext,
  capture: string,
  next: () => B,
  onBatch: (batch: B) => void,
): Promise<B> {
  for (;;) {
    if (ctx.cancelled()) {
      throw new JobError('cancelled', { capture, cancelled: true });
    }
    const batch = next();
    onBatch(batch);
    ctx.progress(capture, batch.offset, batch.eventsRead);
    if (batch.error !== undefined) {
      throw new JobError(batch.error.message, { capture, offset: batch.error.offset, eventsRead: batch.error.eventsRead });
    }
    if (batch.done) {
      return batch;
    }
    await ctx.yield();
  }
}
