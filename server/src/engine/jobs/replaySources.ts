/**
 * The `replay-sources` job: replays several inputs at once, each one its own event source
 * partition with its own state and its own rules (design.md, "Sources are partitions"): the
 * syscall capture on the engine's main thread with a ReplaySession, batch after batch, and
 * each Kubernetes audit file on a worker thread of its own with an AuditReplaySession (the
 * k8s_audit rules only). Alerts of all inputs are merged in time order (alertMerge.ts) and
 * carry `input` (the file) when there are several. The summary is the replay summary of all
 * inputs together plus `sources` (per source) and `inputs` (per file). The first input that
 * fails fails the job, after the alerts already merged are sent.
 */
import type { JobSummary } from '../protocol';
import { AlertMerge } from './alertMerge';
import { type JobContext, JobError } from './context';
import { parseLines, type ReplayJob, type ReplayProblem, type ReplaySummary, replayCapture, sessionOptions } from './replay';

/** An input of the job: a file and the source its events belong to. */
export interface ReplayInput {
  path: string;
  source: 'syscall' | 'k8s_audit';
}

/**
 * The job as the client sends it (`kind: 'replay-sources'`): the `replay` job's options, the
 * inputs, and `capture` (the first input's path, for the protocol's progress and errors).
 */
export type ReplaySourcesJob = Omit<ReplayJob, 'kind'> & {
  kind: 'replay-sources';
  capture: string;
  ruleSetJson: string;
  inputs: ReplayInput[];
};

/** Per-input counts in the summary. */
export interface InputSummary {
  input: string;
  source: string;
  events: number;
  alerts: number;
}

interface AuditResult {
  lines: string;
  summary: string;
  eventsRead: number;
  offset: number;
  cancelled: boolean;
  error?: { message: string; offset: number; line: number; column: number; eventsRead: number };
}

interface AuditSession {
  problems(): ReplayProblem[];
  run(): Promise<AuditResult>;
  cancel(): void;
  /** How far run() has read, updated by its thread after every batch. */
  progress(): { offset: number; eventsRead: number };
}

type AuditSessionClass = new (path: string, ruleSetJson: string, options: object) => AuditSession;

const POLL_MS = 100;

export async function runReplaySourcesJob(job: ReplaySourcesJob, ctx: JobContext): Promise<JobSummary> {
  // 1. Check the job (the engine trusts nothing from the wire).
  const inputs = job.inputs;
  if (!Array.isArray(inputs) || inputs.length === 0 ||
      inputs.some((i) => typeof i.path !== 'string' || (i.source !== 'syscall' && i.source !== 'k8s_audit'))) {
    throw new JobError('replay-sources: inputs must be a non-empty list of {path, source}');
  }
  if (inputs.filter((i) => i.source === 'syscall').length > 1) {
    throw new JobError('replay-sources: at most one syscall capture per replay');
  }
  if (typeof job.ruleSetJson !== 'string') throw new JobError('replay-sources: ruleSetJson must be a string');
  const replayJob: ReplayJob = { ...job, kind: 'replay' };
  const Audit = ctx.addon.raw.AuditReplaySession as AuditSessionClass | undefined;
  if (typeof Audit !== 'function') throw new JobError('this engine build has no AuditReplaySession');
  const tagInput = inputs.length > 1;
  const merge = new AlertMerge(inputs.length, (items) => ctx.results(items));
  const push = (idx: number, items: unknown[]): void => {
    if (tagInput) for (const item of items) (item as Record<string, unknown>).input = inputs[idx].path;
    merge.push(idx, items);
  };
  // 2. Start every audit input on its worker thread.
  const summaries: (ReplaySummary | undefined)[] = inputs.map(() => undefined);
  const problems: ReplayProblem[] = [];
  const sessions: (AuditSession | undefined)[] = [];
  const pending = new Map<number, Promise<AuditResult>>();
  let failure: JobError | undefined;
  inputs.forEach((input, idx) => {
    if (input.source !== 'k8s_audit') return;
    const session = new Audit(input.path, job.ruleSetJson, sessionOptions(replayJob));
    // Every audit session builds the same k8s_audit rules: report their problems once.
    if (!sessions.some((other) => other !== undefined)) problems.push(...session.problems());
    sessions[idx] = session;
    pending.set(idx, session.run());
  });
  let closed = false;
  const settle = (idx: number, result: AuditResult): void => {
    pending.delete(idx);
    // A session cancelled after the job ended (on an error elsewhere) has nothing to say.
    if (closed) return;
    push(idx, parseLines(result.lines));
    merge.finish(idx);
    summaries[idx] = (JSON.parse(result.summary) as { summary: ReplaySummary }).summary;
    if (result.error !== undefined && failure === undefined) {
      const e = result.error;
      failure = new JobError(`line ${e.line}, column ${e.column}: ${e.message}`, { capture: inputs[idx].path, offset: e.offset, eventsRead: e.eventsRead });
    }
  };
  for (const [idx, promise] of pending) void promise.then((result) => settle(idx, result), (err: unknown) => {
    pending.delete(idx);
    failure ??= new JobError(err instanceof Error ? err.message : String(err), { capture: inputs[idx].path });
  });
  try {
    // 3. The syscall capture, here, batch after batch, while the audit inputs run.
    const syscall = inputs.findIndex((i) => i.source === 'syscall');
    if (syscall >= 0) {
      const result = await replayCapture(ctx, replayJob, inputs[syscall].path, (items) => push(syscall, items));
      problems.push(...result.problems);
      summaries[syscall] = result.summary;
      merge.finish(syscall);
    }
    // 4. Wait for the audit inputs, reporting their progress when it moves (a worker that
    //    stops moving sends nothing, so the client's hang detection still applies).
    const reported = new Map<number, number>();
    while (pending.size > 0 && failure === undefined) {
      if (ctx.cancelled()) throw new JobError('cancelled', { cancelled: true });
      for (const idx of pending.keys()) {
        const progress = sessions[idx]?.progress();
        if (progress === undefined || reported.get(idx) === progress.eventsRead) continue;
        reported.set(idx, progress.eventsRead);
        ctx.progress(inputs[idx].path, progress.offset, progress.eventsRead);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (err) {
    for (const session of sessions) session?.cancel();
    merge.flush();
    closed = true;
    throw err;
  }
  merge.flush();
  closed = true;
  if (failure !== undefined) {
    for (const session of sessions) session?.cancel();
    throw failure;
  }
  const replay = combine(inputs, summaries as ReplaySummary[]);
  return { events: replay.events, visible: replay.events_delivered, replay, problems };
}

/** The summary of all inputs: totals, then per source and per input. */
function combine(inputs: readonly ReplayInput[], summaries: readonly ReplaySummary[]): ReplaySummary {
  const total: ReplaySummary = { events: 0, events_delivered: 0, events_matched: 0, alerts: 0, alerts_by_rule: {}, evaluations_by_rule: {} };
  const sources: Record<string, { events: number; events_delivered: number; events_matched: number; alerts: number }> = {};
  const perInput: InputSummary[] = [];
  summaries.forEach((summary, idx) => {
    const source = inputs[idx].source;
    const counts = (sources[source] ??= { events: 0, events_delivered: 0, events_matched: 0, alerts: 0 });
    for (const key of ['events', 'events_delivered', 'events_matched', 'alerts'] as const) {
      total[key] += summary[key];
      counts[key] += summary[key];
    }
    for (const [rule, count] of Object.entries(summary.alerts_by_rule)) total.alerts_by_rule[rule] = (total.alerts_by_rule[rule] ?? 0) + count;
    for (const [rule, count] of Object.entries(summary.evaluations_by_rule)) total.evaluations_by_rule[rule] = (total.evaluations_by_rule[rule] ?? 0) + count;
    perInput.push({ input: inputs[idx].path, source, events: summary.events, alerts: summary.alerts });
  });
  return { ...total, sources, inputs: perInput };
}
