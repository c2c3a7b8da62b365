/**
 * Decides when diagnostics are recomputed. A change after a quiet pause runs at once, so a
 * single edit is answered without delay; a burst of changes (typing) is coalesced into one
 * run shortly after the last change; a change that arrives while a run is in progress marks
 * that run stale (it must not publish) and schedules one more run. It knows nothing about
 * what a run does.
 */

/** Passed to each run: true once a newer change has arrived, so the run's results are stale. */
export type IsStale = () => boolean;

export interface SchedulerOptions {
  /** Delay after the last change of a burst. */
  debounceMs: number;
  /** A change this long after the previous one starts a new burst and runs at once. */
  pauseMs: number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = { debounceMs: 150, pauseMs: 400 };

export class DiagnosticsScheduler {
  private m_generation = 0;
  private m_lastChange = Number.NEGATIVE_INFINITY;
  private m_timer: NodeJS.Timeout | undefined;
  private m_running: Promise<void> | undefined;
  private m_pending = false;

  constructor(
    private readonly m_run: (isStale: IsStale) => Promise<void> | void,
    private readonly m_onError: (err: unknown) => void,
    private readonly m_options: SchedulerOptions = DEFAULT_SCHEDULER_OPTIONS,
  ) {}

  /** Reports a change (document edit, file on disk, settings). */
  notify(): void {
    this.m_generation++;
    const now = Date.now();
    const afterPause = now - this.m_lastChange >= this.m_options.pauseMs;
    this.m_lastChange = now;
    if (this.m_running !== undefined) {
      this.m_pending = true;
      return;
    }
    if (this.m_timer !== undefined) {
      clearTimeout(this.m_timer);
      this.m_timer = undefined;
    }
    if (afterPause) {
      this.fire();
    } else {
      this.m_timer = setTimeout(() => this.fire(), this.m_options.debounceMs);
    }
  }

  /** Resolves when no run is in progress or scheduled (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.m_running !== undefined || this.m_timer !== undefined) {
      await (this.m_running ?? new Promise((resolve) => setTimeout(resolve, this.m_options.debounceMs)));
    }
  }

  /** Stops any scheduled run. */
  dispose(): void {
    if (this.m_timer !== undefined) {
      clearTimeout(this.m_timer);
      this.m_timer = undefined;
    }
    this.m_pending = false;
  }

  private fire(): void {
    this.m_timer = undefined;
    this.m_pending = false;
    const generation = this.m_generation;
    const isStale: IsStale = () => this.m_generation !== generation;
    this.m_running = (async (): Promise<void> => {
      try {
        await this.m_run(isStale);
      } catch (err) {
        this.m_onError(err);
      }
    })().finally(() => {
      this.m_running = undefined;
      if (this.m_pending) {
        this.m_pending = false;
        this.m_timer = setTimeout(() => this.fire(), this.m_options.debounceMs);
      }
    });
  }
}
