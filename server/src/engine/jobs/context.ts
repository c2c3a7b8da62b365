/**
 * What a job handler gets from the engine process: the addon, a way to send messages for its
 * job, and a cancellation flag it checks between batches. A job kind is one handler file in
 * this folder plus one line in `index.ts`.
 */
import type { Addon } from '../addon';
import type { JobSummary } from '../protocol';

export interface JobContext {
  readonly id: string;
  readonly addon: Addon;
  /** Sends a batch of result items. */
  results(items: unknown[]): void;
  /** Reports reading progress. */
  progress(capture: string, offset: number, eventsRead: number): void;
  /** True once the client asked to cancel this job. */
  cancelled(): boolean;
  /** Yields to the event loop so cancel requests can arrive; call between batches. */
  yield(): Promise<void>;
}

/** A failed job: becomes an `error` message with these details. */
export class JobError extends Error {
  constructor(
    message: string,
    readonly details: { capture?: string; offset?: number; eventsRead?: number; cancelled?: boolean } = {},
  ) {
    super(message);
  }
}

/** A job handler: resolves with the summary, or throws JobError (or any Error). */
export type JobHandler = (job: never, ctx: JobContext) => Promise<JobSummary>;
