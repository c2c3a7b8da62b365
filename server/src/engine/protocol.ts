/**
 * The engine process protocol: JSON lines over stdio between a client (the CLI, later the
 * language server) and `out/engine/process.js`. One message per line, each carrying `v`
 * (PROTOCOL_VERSION). Types only, plus the version constant; `client.ts` and `process.ts`
 * are the two ends. The engine runs one job at a time, in the order requests arrive.
 *
 * Change rules: add optional fields and new job kinds freely; anything else bumps
 * PROTOCOL_VERSION, and each side rejects a version it does not know.
 *
 * A job's life: client sends `run`; engine streams `progress` and `results`, then exactly one
 * of `done` or `error` with the same `id`. `cancel` makes the engine stop the job at the next
 * batch and answer `error` with `cancelled: true`. Bad input (a truncated capture, an unknown
 * field) is an `error` message, never a crash; a crash or hang is detected by the client.
 */

/** The version written in every message. */
export const PROTOCOL_VERSION = 1;

/** A field to extract, as written in a format: `proc.aname[2]` is {name: 'proc.aname', arg: '2'}. */
export interface FieldSpec {
  name: string;
  arg?: string;
}

/**
 * `events`: read a capture and send the values of `fields` for every visible event (like
 * `sysdig -r`: procinfo and container meta events are never sent).
 */
export interface EventsJob {
  kind: 'events';
  capture: string;
  fields: FieldSpec[];
  /** Events per `results` message; default 1000. */
  batch?: number;
  /**
   * Only events matching this filter are sent: a compiled rule set (format.ts) as JSON text,
   * whose first rule's condition is the filter (`falco-studio events --filter`).
   */
  filter?: string;
}

/**
 * `count`: read a capture with state only and report the counts (benchmarks, health checks).
 */
export interface CountJob {
  kind: 'count';
  capture: string;
}

/**
 * Every job kind. The evaluation engineer adds `replay` and `profile` here (one interface
 * each) and one handler file under `jobs/`.
 */
export type Job = EventsJob | CountJob | GenericJob;

/**
 * Job kinds whose handler lives outside this file's union: replay and profile (one capture),
 * replay-sources (several inputs, each its own event source: jobs/replaySources.ts).
 */
export interface GenericJob {
  kind: 'replay' | 'profile' | 'replay-sources';
  capture: string;
  [option: string]: unknown;
}

// --- client → engine -------------------------------------------------------------------

/** Sent by the client to start a job. `id` is the client's choice, unique per process. */
export interface RunRequest {
  v: typeof PROTOCOL_VERSION;
  type: 'run';
  id: string;
  job: Job;
}

/** Sent by the client to stop a running or queued job. */
export interface CancelRequest {
  v: typeof PROTOCOL_VERSION;
  type: 'cancel';
  id: string;
}

/** Sent by the client to end the engine process after the current job. */
export interface ShutdownRequest {
  v: typeof PROTOCOL_VERSION;
  type: 'shutdown';
}

export type Request = RunRequest | CancelRequest | ShutdownRequest;

// --- engine → client -------------------------------------------------------------------

/** Sent once by the engine when it is ready. */
export interface HelloMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'hello';
  pid: number;
  /** The addon's version, or null when the addon could not be loaded (`loadError` says why). */
  addonVersion: string | null;
  loadError?: string;
}

/** Sent by the engine during a job, at least every batch: how far it has read. */
export interface ProgressMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'progress';
  id: string;
  capture: string;
  /** Uncompressed bytes read so far. */
  offset: number;
  /** Event blocks read so far (the last evt.num). */
  eventsRead: number;
}

/** Sent by the engine with a batch of results; the item shape depends on the job kind. */
export interface ResultsMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'results';
  id: string;
  items: unknown[];
}

/**
 * One `events` result item: `[evtNum, value0, value1, …]` with the field values formatted as
 * text in the order of `EventsJob.fields`; null means the value is missing (<NA>).
 */
export type EventRow = [number, ...(string | null)[]];

/** Sent by the engine when a job finished normally. */
export interface DoneMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'done';
  id: string;
  summary: JobSummary;
}

/** What a finished job reports. */
export interface JobSummary {
  /** Event blocks read. */
  events: number;
  /** Events delivered (visible). */
  visible?: number;
  [key: string]: unknown;
}

/**
 * Sent by the engine when a job failed. Reading errors keep what was read before them: the
 * results already sent stay valid, and `eventsRead`/`offset` say where reading stopped.
 */
export interface ErrorMessage {
  v: typeof PROTOCOL_VERSION;
  type: 'error';
  /** Absent for errors that belong to no job (a malformed request line). */
  id?: string;
  message: string;
  capture?: string;
  /** Uncompressed byte offset of the problem in the capture. */
  offset?: number;
  /** Event blocks read before the problem (the last good evt.num). */
  eventsRead?: number;
  cancelled?: boolean;
}

export type EngineMessage = HelloMessage | ProgressMessage | ResultsMessage | DoneMessage | ErrorMessage;
