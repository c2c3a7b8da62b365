/**
 * The `replay` job: evaluates a compiled rule set over a capture in the engine process, with
 * the addon's `ReplaySession`, and streams alerts as `results` items (one object per alert,
 * the shape of the CLI's JSON lines). The summary carries the `{"summary":…}` object of the
 * CLI contract under `replay`, and the rules the engine could not build under `problems`.
 * It does not load rules files (the caller compiles them) and does not print anything.
 */
import type { JobSummary } from '../protocol';
import { type JobContext, JobError } from './context';

/** The job as the client sends it (`kind: 'replay'`). */
export interface ReplayJob {
  [option: string]: unknown;
  kind: 'replay';
  capture: string;
  /** The compiled rule set (server/src/compile/format.ts) as a JSON string. */
  ruleSetJson: string;
  ruleMatching?: 'first' | 'all';
  enterEvents?: boolean;
  allEvents?: boolean;
  disableRules?: string[];
  enableTags?: string[];
  disableTags?: string[];
  /** 0 = Emergency … 7 = Debug. */
  minPriority?: number;
  /** Events read per batch between cancellation checks; default 200000. */
  batch?: number;
}

/** A rule the engine could not build (it is left out of the replay). */
export interface ReplayProblem {
  ruleId: number;
  rule: string;
  message: string;
  position: { file: number; line: number; column: number };
}

interface ReplayBatch {
  lines: string;
  done: boolean;
  offset: number;
  eventsRead: number;
  error?: { message: string; offset: number; eventsRead: number };
}

interface ReplaySession {
  problems(): ReplayProblem[];
  next(maxEvents: number): ReplayBatch;
  summary(): string;
}

type ReplaySessionClass = new (capture: string, ruleSetJson: string, options: object) => ReplaySession;

export async function runReplayJob(job: ReplayJob, ctx: JobContext): Promise<JobSummary> {
  const Session = ctx.addon.raw.ReplaySession as ReplaySessionClass | undefined;
  if (typeof Session !== 'function') {
    throw new JobError('this engine build has no ReplaySession');
  }
  if (typeof job.ruleSetJson !== 'string') {
    throw new JobError('replay: ruleSetJson must be a string', { capture: job.capture });
  }
  const session = new Session(job.capture, job.ruleSetJson, {
    ruleMatching: job.ruleMatching === 'all' ? 'all' : 'first',
    enterEvents: job.enterEvents === true,
    allEvents: job.allEvents === true,
    disableRules: job.disableRules ?? [],
    enableTags: job.enableTags ?? [],
    disableTags: job.disableTags ?? [],
    minPriority: job.minPriority ?? 7,
  });
  const problems = session.problems();
  const batch = job.batch !== undefined && job.batch > 0 ? job.batch : 200000;
  for (;;) {
    const result = session.next(batch);
    if (result.lines !== '') {
      ctx.results(result.lines.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown));
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
      break;
    }
    await ctx.yield();
    if (ctx.cancelled()) {
      throw new JobError('cancelled', { cancelled: true });
    }
  }
  const replay = (JSON.parse(session.summary()) as { summary: { events: number; events_delivered: number } }).summary;
  return { events: replay.events, visible: replay.events_delivered, replay, problems };
}
