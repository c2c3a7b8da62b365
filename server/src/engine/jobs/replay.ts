/**
 * The `replay` job: evaluates a compiled rule set over a capture in the engine process, with
 * the addon's `ReplaySession`, and streams alerts as `results` items (one object per alert,
 * the shape of the CLI's JSON lines). The summary carries the `{"summary":…}` object of the
 * CLI contract under `replay`, and the rules the engine could not build under `problems`.
 * It does not load rules files (the caller compiles them) and does not print anything.
 */
import type { JobSummary } from '../protocol';
import { type JobContext, JobError } from './context';
import { type SessionBatch, streamBatches } from './stream';

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

interface ReplayBatch extends SessionBatch {
  lines: string;
}

interface ReplaySession {
  problems(): ReplayProblem[];
  next(maxEvents: number): ReplayBatch;
  summary(): string;
}

type ReplaySessionClass = new (capture: string, ruleSetJson: string, options: object) => ReplaySession;

/** The `{"summary":…}` object of a replay (the CLI contract's summary line). */
export interface ReplaySummary {
  [key: string]: unknown;
  events: number;
  events_delivered: number;
  events_matched: number;
  alerts: number;
  alerts_by_rule: Record<string, number>;
  evaluations_by_rule: Record<string, number>;
}

/** The rule selection and matching options every source's session takes. */
export function sessionOptions(job: ReplayJob): object {
  return {
    ruleMatching: job.ruleMatching === 'all' ? 'all' : 'first',
    enterEvents: job.enterEvents === true,
    allEvents: job.allEvents === true,
    disableRules: job.disableRules ?? [],
    enableTags: job.enableTags ?? [],
    disableTags: job.disableTags ?? [],
    minPriority: job.minPriority ?? 7,
  };
}

/** Parses a batch of alert JSON lines. */
export function parseLines(lines: string): unknown[] {
  return lines === '' ? [] : lines.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
}

/**
 * Replays `capture` (the syscall source) with a ReplaySession, handing each batch of alerts
 * to `onAlerts`; resolves with the summary and the rules left out.
 */
export async function replayCapture(
  ctx: JobContext,
  job: ReplayJob,
  capture: string,
  onAlerts: (items: unknown[]) => void,
): Promise<{ summary: ReplaySummary; problems: ReplayProblem[] }> {
  const Session = ctx.addon.raw.ReplaySession as ReplaySessionClass | undefined;
  if (typeof Session !== 'function') {
    throw new JobError('this engine build has no ReplaySession');
  }
  if (typeof job.ruleSetJson !== 'string') {
    throw new JobError('replay: ruleSetJson must be a string', { capture });
  }
  const session = new Session(capture, job.ruleSetJson, sessionOptions(job));
  const problems = session.problems();
  const batch = job.batch !== undefined && job.batch > 0 ? job.batch : 200000;
  await streamBatches(ctx, capture, () => session.next(batch), (result) => {
    if (result.lines !== '') onAlerts(parseLines(result.lines));
  });
  const summary = (JSON.parse(session.summary()) as { summary: ReplaySummary }).summary;
  return { summary, problems };
}

export async function runReplayJob(job: ReplayJob, ctx: JobContext): Promise<JobSummary> {
  const { summary, problems } = await replayCapture(ctx, job, job.capture, (items) => ctx.results(items));
  return { events: summary.events, visible: summary.events_delivered, replay: summary, problems };
}
