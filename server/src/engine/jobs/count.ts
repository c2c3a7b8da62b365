/**
 * The `count` job: reads a whole capture with state only (no fields) and reports how many
 * events it holds and how many are visible. Used by benchmarks and as a health check.
 */
import type { CountJob, JobSummary } from '../protocol';
import { type JobContext, JobError } from './context';

export async function runCountJob(job: CountJob, ctx: JobContext): Promise<JobSummary> {
  const session = new ctx.addon.CaptureSession(job.capture);
  const started = process.cpuUsage();
  const result = session.count();
  const cpu = process.cpuUsage(started);
  if (result.error !== undefined) {
    throw new JobError(result.error.message, {
      capture: job.capture,
      offset: result.error.offset,
      eventsRead: result.error.eventsRead,
    });
  }
  await ctx.yield();
  return { events: result.events, visible: result.visible, userCpuMs: cpu.user / 1000, stats: session.stats() };
}
