/**
 * Running a profile from any client of the engine process (the CLI today, the language server
 * for the editor's inline metrics later): sends a `profile` job through an EngineClient and
 * collects the raw runs. `onRun` streams each run as it finishes, so a view can update before
 * the last run. It never loads the addon and never throws for engine failures: the outcome
 * says what happened.
 */
import type { EngineClient, JobOutcome } from '../engine/client';
import type { ProfileJobOptions, ProfileProblem, ProfileRunItem, RawRun } from './job';

export type ProfileOutcome =
  | { status: 'done'; runs: RawRun[]; problems: ProfileProblem[] }
  | Exclude<JobOutcome, { status: 'done' }>;

export interface ProfileHandle {
  readonly result: Promise<ProfileOutcome>;
  cancel(): void;
}

/** Starts a profile job on `client`; `onRun` receives each finished run's raw metrics. */
export function runProfile(client: EngineClient, job: ProfileJobOptions, onRun?: (item: ProfileRunItem) => void): ProfileHandle {
  const runs: RawRun[] = [];
  const handle = client.run({ ...job, kind: 'profile' }, {
    onResults: (items) => {
      for (const item of items as ProfileRunItem[]) {
        runs[item.run] = item.raw;
        onRun?.(item);
      }
    },
  });
  const result = handle.result.then((outcome): ProfileOutcome => {
    if (outcome.status !== 'done') return outcome;
    return { status: 'done', runs, problems: (outcome.summary.problems ?? []) as ProfileProblem[] };
  });
  return { result, cancel: () => handle.cancel() };
}
