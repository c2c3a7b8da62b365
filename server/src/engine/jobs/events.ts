/**
 * The `events` job: reads a capture through the addon's CaptureSession and streams, for every
 * visible event, the requested field values as text. A read error after some events still
 * sends those events, then fails with the capture, byte offset and last event number
 * (the batch loop is stream.ts's).
 */
import type { EventsJob, JobSummary } from '../protocol';
import { type JobContext, JobError } from './context';
import { streamBatches } from './stream';

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
  const last = await streamBatches(ctx, job.capture, () => session.next(batch), (result) => {
    if (result.rows.length > 0) {
      visible += result.rows.length;
      ctx.results(result.rows);
    }
  });
  return { events: last.eventsRead, visible };
}
