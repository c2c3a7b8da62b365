/**
 * The `profile` engine job and the raw results it streams: one `results` item per run, each
 * the JSON the addon's ProfileSession writes (native/src/metrics/profile_json.h), with every
 * latency in ticks. Types only; `engine/jobs/profile.ts` runs the job, `report.ts` turns the
 * runs into the documented profile.json. These raw shapes are internal to the engine protocol,
 * not the public schema (docs/profile-schema.md is).
 */

/** The job as the client sends it (`kind: 'profile'`). */
export interface ProfileJob extends ProfileJobOptions {
  [option: string]: unknown;
  kind: 'profile';
}

/** What a profile job asks for. */
export interface ProfileJobOptions {
  capture: string;
  /** The compiled rule set (server/src/compile/format.ts) as a JSON string. */
  ruleSetJson: string;
  /** Replays of the capture; default 1. */
  runs?: number;
  /** 0 = plain replay (no profiling, the overhead baseline), 1 = every event, N = one in N. */
  sampleEvery?: number;
  ruleMatching?: 'first' | 'all';
  enterEvents?: boolean;
  disableRules?: string[];
  enableTags?: string[];
  disableTags?: string[];
  /** 0 = Emergency … 7 = Debug. */
  minPriority?: number;
  /** Events read per batch between cancellation checks; default 200000. */
  batch?: number;
}

/** One `results` item of a profile job. */
export interface ProfileRunItem {
  /** 0-based run number. */
  run: number;
  raw: RawRun;
}

/** A histogram in ticks; buckets are [low, high, count] with [low, high) non-empty only. */
export interface RawHistogram {
  count: number;
  total: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p99: number;
  buckets: [number, number, number][];
}

export const BRANCHES = ['no_event', 'no_match', 'matched'] as const;
export type BranchName = (typeof BRANCHES)[number];

export const STAGES = ['iteration', 'read', 'decode', 'state', 'rules', 'output'] as const;
export type StageName = (typeof STAGES)[number];

export interface RawBranch {
  iterations: number;
  stages: Record<StageName, RawHistogram>;
}

export interface RawRule {
  id: number;
  evaluations: number;
  matches: number;
  not_matched?: RawHistogram;
  matched?: RawHistogram;
}

/** One run's raw results (the addon's `ProfileSession.result()`). */
export interface RawRun {
  format: 'falco-studio-profile-run';
  version: 1;
  clock?: { cycles: boolean; ns_per_tick: number; overhead_ticks: number };
  sample_every: number;
  /** One measured read in this many (on average) is split into decode and state. */
  split_every?: number;
  /** Timed iterations filed as a share of a span (no tick of their own; docs/profile-schema.md). */
  shared_reads?: number;
  /** Ticks read only to close a span (before a split read, at the end of a step). */
  span_ticks?: number;
  /** Wall time inside the engine's loop (steady clock). */
  run_ns: number;
  /** CPU time of the engine thread inside the loop. */
  run_cpu_ns: number;
  events_read: number;
  events_delivered: number;
  events_matched: number;
  alerts: number;
  branches?: Record<BranchName, RawBranch>;
  rules: RawRule[];
}

/** A rule the engine could not build (left out of the profile). */
export interface ProfileProblem {
  ruleId: number;
  rule: string;
  message: string;
  position: { file: number; line: number; column: number };
}
