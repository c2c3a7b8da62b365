/**
 * The job registry: job kind → handler. Adding a kind is one handler file and one line here.
 */
import type { Job, JobSummary } from '../protocol';
import { type JobContext } from './context';
import { runCountJob } from './count';
import { runEventsJob } from './events';
import { runProfileJob } from './profile';
import { runReplayJob } from './replay';
import { runReplaySourcesJob } from './replaySources';

type Handler = (job: Job, ctx: JobContext) => Promise<JobSummary>;

const handlers: Partial<Record<Job['kind'], Handler>> = {
  events: runEventsJob as Handler,
  count: runCountJob as Handler,
  replay: runReplayJob as unknown as Handler,
  profile: runProfileJob as unknown as Handler,
  'replay-sources': runReplaySourcesJob as unknown as Handler,
};

/** The handler for a job kind, or undefined when this engine does not know it. */
export function jobHandler(kind: string): Handler | undefined {
  return Object.prototype.hasOwnProperty.call(handlers, kind) ? handlers[kind as Job['kind']] : undefined;
}
