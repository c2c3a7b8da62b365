/**
 * The `profile` job: replays a capture `runs` times against a compiled rule set with the
 * addon's ProfileSession (one session per run, so every run starts from fresh state and zeroed
 * slots) and sends each run's raw metrics as one `results` item ({run, raw}). Progress is
 * reported per batch; cancellation is checked between batches (the batch loop is stream.ts's).
 * It does not aggregate runs or write files (server/src/profile does).
 */
import type { ProfileJob, ProfileProblem, ProfileRunItem, RawRun } from '../../profile/job';
import type { JobSummary } from '../protocol';
import { type JobContext, JobError } from './context';
import { type SessionBatch, streamBatches } from './stream';

interface ProfileSession {
  problems(): ProfileProblem[];
  next(maxEvents: number): SessionBatch;
  result(): string;
}

type ProfileSessionClass = new (capture: string, ruleSetJson: string, options: object) => ProfileSession;

const MAX_RUNS = 1000;

export async function runProfileJob(job: ProfileJob, ctx: JobContext): Promise<JobSummary> {
  // 1. Check the job (the engine trusts nothing from the wire).
  const Session = ctx.addon.raw.ProfileSession as ProfileSessionClass | undefined;
  if (typeof Session !== 'function') {
    throw new JobError('this engine build has no ProfileSession');
  }
  if (typeof job.capture !== 'string' || typeof job.ruleSetJson !== 'string') {
    throw new JobError('profile: capture and ruleSetJson must be strings');
  }
  const runs = job.runs ?? 1;
  const sampleEvery = job.sampleEvery ?? 1;
  if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS) {
    throw new JobError(`profile: runs must be an integer from 1 to ${MAX_RUNS}`);
  }
  if (!Number.isInteger(sampleEvery) || sampleEvery < 0) {
    throw new JobError('profile: sampleEvery must be an integer >= 0');
  }
  const options = {
    sampleEvery,
    ruleMatching: job.ruleMatching === 'all' ? 'all' : 'first',
    enterEvents: job.enterEvents === true,
    disableRules: job.disableRules ?? [],
    enableTags: job.enableTags ?? [],
    disableTags: job.disableTags ?? [],
    minPriority: job.minPriority ?? 7,
  };
  const batch = job.batch !== undefined && job.batch > 0 ? job.batch : 200000;
  // 2. Run after run, batch after batch.
  let problems: ProfileProblem[] = [];
  let last: RawRun | undefined;
  for (let run = 0; run < runs; run++) {
    const session = new Session(job.capture, job.ruleSetJson, options);
    if (run === 0) problems = session.problems();
    await streamBatches(ctx, job.capture, () => session.next(batch), () => undefined);
    last = JSON.parse(session.result()) as RawRun;
    const item: ProfileRunItem = { run, raw: last };
    ctx.results([item]);
    await ctx.yield();
    if (ctx.cancelled()) throw new JobError('cancelled', { cancelled: true });
  }
  return { events: last?.events_read ?? 0, visible: last?.events_delivered ?? 0, runs, problems };
}
