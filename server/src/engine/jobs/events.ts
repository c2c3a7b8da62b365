/**
 * The `events` job: reads a capture through the addon's CaptureSession and streams, for every
 * visible event, the requested field values as text. A read error after some events still
 * sends those events, then fails with the capture, byte offset and last event number.
 */
import type { EventsJob, JobSummary } from '../protocol';
import { type JobContext, JobError } from './context';

export async function runEventsJob(job: EventsJob, ctx: JobContext): Promise<JobSummary> {
  const session = new ctx.addon.CaptureSession(job.capture);
  for (const field of job.fields) {
    try {
      session.addField(field.name, field.arg);
    } catch (err) {
      throw new JobError(err instanceof Error ? err.message : String(err));
    }
  }
  if (job.filter !== undefined) {
    try {
      session.setFilter(job.filter);
    } catch (err) {
      throw new JobError(err instanceof Error ? err.message : String(err));
    }
  }
  const batch = job.batch ?? 1000;
  let visible = 0;
  for (;;) {
    if (ctx.cancelled()) {
      throw new JobError('cancelled', { capture: job.capture, cancelled: true });
    }
    const result = session.next(batch);
    if (result.rows.length > 0) {
      visible += result.rows.length;
      ctx.results(result.rows);
    }
    ctx.progress(job.capture, result.offset, result.eventsRead);
    if (result.error !== undefined) {
      throw new JobError(result.error.message, {
        capture: job.capture,
        offset: result.error.offset,
        eventsRead: result.error.eventsRead,
      });
    }
    if (result.done) {
      return { events: result.eventsRead, visible };
    }
    await ctx.yield();
  }
}
