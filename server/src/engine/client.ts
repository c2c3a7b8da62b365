/**
 * The engine client: starts `out/engine/process.js` in its own Node process, sends jobs,
 * streams their results to callbacks, and turns every ending into a JobOutcome: done, error
 * (bad input, with capture/offset/event), cancelled, timeout, or a crash/hang of the engine
 * (signal or exit code, with the last offset and event number it reported). It never throws
 * for engine failures, so callers (CLI, language server) stay up. It does not interpret
 * results; callers do.
 */
import { type ChildProcess, spawn } from 'child_process';
import * as path from 'path';
import * as readline from 'readline';
import { packageRoot } from '../paths';
import { type EngineMessage, type Job, type JobSummary, type ProgressMessage, PROTOCOL_VERSION, type Request } from './protocol';

export interface EngineClientOptions {
  /** The engine entry script; default `<package>/out/engine/process.js`. */
  enginePath?: string;
  /** Abort a job that runs longer than this (ms). Default: no limit. */
  timeoutMs?: number;
  /** Declare the engine hung when a running job sends nothing for this long (ms). Default 60 s. */
  hangMs?: number;
}

/** Where the engine was when it stopped answering. */
export interface LastPosition {
  capture?: string;
  lastOffset?: number;
  lastEventNum?: number;
}

export type JobOutcome =
  | { status: 'done'; summary: JobSummary }
  | { status: 'error'; message: string; capture?: string; offset?: number; eventsRead?: number }
  | { status: 'cancelled' }
  | ({ status: 'timeout'; message: string } & LastPosition)
  | ({ status: 'hung'; message: string } & LastPosition)
  | ({ status: 'crashed'; message: string; signal: string | null; exitCode: number | null; stderr: string } & LastPosition);

export interface JobCallbacks {
  onResults?(items: unknown[]): void;
  onProgress?(progress: ProgressMessage): void;
}

export interface JobHandle {
  readonly id: string;
  readonly result: Promise<JobOutcome>;
  /** Asks the engine to stop the job; the outcome becomes `cancelled`. */
  cancel(): void;
}

interface PendingJob {
  id: string;
  job: Job;
  callbacks: JobCallbacks;
  resolve(outcome: JobOutcome): void;
  position: LastPosition;
  timer?: NodeJS.Timeout;
  cancelRequested: boolean;
  /** The engine process the job was sent to. */
  child?: ChildProcess;
}

const STDERR_KEEP = 4096;

export class EngineClient {
  private child: ChildProcess | undefined;
  private readonly pending = new Map<string, PendingJob>();
  private nextId = 1;
  private stderr = '';
  private watchdog: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(private readonly options: EngineClientOptions = {}) {}

  /** Starts a job (and the engine process when needed). */
  run(job: Job, callbacks: JobCallbacks = {}): JobHandle {
    const id = `job-${this.nextId++}`;
    let resolveOutcome!: (outcome: JobOutcome) => void;
    const result = new Promise<JobOutcome>((resolve) => {
      resolveOutcome = resolve;
    });
    const pending: PendingJob = { id, job, callbacks, resolve: resolveOutcome, position: { capture: job.capture }, cancelRequested: false };
    this.pending.set(id, pending);
    const child = this.ensureProcess();
    pending.child = child;
    if (this.options.timeoutMs !== undefined) {
      pending.timer = setTimeout(() => this.onTimeout(pending), this.options.timeoutMs);
    }
    this.send(child, { v: PROTOCOL_VERSION, type: 'run', id, job });
    this.armWatchdog();
    return {
      id,
      result,
      cancel: () => {
        if (this.pending.has(id) && this.child !== undefined) {
          pending.cancelRequested = true;
          this.send(this.child, { v: PROTOCOL_VERSION, type: 'cancel', id });
        }
      },
    };
  }

  /** The engine's pid, while it runs (tests use it to simulate crashes). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Ends the engine process; pending jobs end as crashed with a clear message. */
  dispose(): void {
    this.disposed = true;
    if (this.child !== undefined) {
      this.child.kill('SIGKILL');
    }
  }

  private ensureProcess(): ChildProcess {
    if (this.child !== undefined) {
      return this.child;
    }
    const entry = this.options.enginePath ?? path.join(packageRoot(), 'out', 'engine', 'process.js');
    const child = spawn(process.execPath, [entry], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    this.stderr = '';
    const lines = readline.createInterface({ input: child.stdout as NodeJS.ReadableStream, crlfDelay: Infinity });
    lines.on('line', (line) => this.onLine(line));
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_KEEP);
    });
    child.stdin?.on('error', () => {
      // The exit handler reports what happened; a write to a dead process is not an extra error.
    });
    child.on('error', (err) => this.onExit(child, null, null, `cannot start the engine: ${err.message}`));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    return child;
  }

  private send(child: ChildProcess, request: Request): void {
    child.stdin?.write(`${JSON.stringify(request)}\n`);
  }

  private onLine(line: string): void {
    let message: EngineMessage;
    try {
      message = JSON.parse(line) as EngineMessage;
    } catch {
      return; // not a protocol line; the engine writes diagnostics to stderr only
    }
    this.armWatchdog();
    if (message.type === 'hello' || message.id === undefined) {
      return;
    }
    const pending = this.pending.get(message.id);
    if (pending === undefined) {
      return;
    }
    switch (message.type) {
      case 'progress':
        pending.position = { capture: message.capture, lastOffset: message.offset, lastEventNum: message.eventsRead };
        pending.callbacks.onProgress?.(message);
        return;
      case 'results':
        pending.callbacks.onResults?.(message.items);
        return;
      case 'done':
        this.finish(pending, { status: 'done', summary: message.summary });
        return;
      case 'error':
        if (message.cancelled === true || pending.cancelRequested) {
          this.finish(pending, { status: 'cancelled' });
        } else {
          this.finish(pending, { status: 'error', message: message.message, capture: message.capture, offset: message.offset, eventsRead: message.eventsRead });
        }
        return;
    }
  }

  private finish(pending: PendingJob, outcome: JobOutcome): void {
    if (!this.pending.delete(pending.id)) {
      return;
    }
    if (pending.timer !== undefined) {
      clearTimeout(pending.timer);
    }
    if (this.pending.size === 0 && this.watchdog !== undefined) {
      clearTimeout(this.watchdog);
      this.watchdog = undefined;
    }
    pending.resolve(outcome);
  }

  private onTimeout(pending: PendingJob): void {
    // Kill rather than wait: a job past its deadline may be stuck in native code.
    const message = `the engine did not finish within ${this.options.timeoutMs} ms`;
    this.finish(pending, { status: 'timeout', message, ...pending.position });
    this.killForRestart();
  }

  private armWatchdog(): void {
    if (this.watchdog !== undefined) {
      clearTimeout(this.watchdog);
    }
    if (this.pending.size === 0) {
      this.watchdog = undefined;
      return;
    }
    const hangMs = this.options.hangMs ?? 60_000;
    this.watchdog = setTimeout(() => {
      const message = `the engine sent nothing for ${hangMs} ms and was stopped`;
      for (const pending of [...this.pending.values()]) {
        this.finish(pending, { status: 'hung', message, ...pending.position });
      }
      this.killForRestart();
    }, hangMs);
  }

  private killForRestart(): void {
    const child = this.child;
    this.child = undefined;
    child?.kill('SIGKILL');
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null, reason?: string): void {
    if (this.child === child) {
      this.child = undefined;
    }
    const how = reason ?? (signal !== null ? `the engine was killed by ${signal}` : `the engine exited with code ${code}`);
    const message = this.disposed ? 'the engine client was disposed' : how;
    for (const pending of [...this.pending.values()].filter((p) => p.child === child)) {
      const where = pending.position.lastEventNum !== undefined ? ` after event ${pending.position.lastEventNum} (byte offset ${pending.position.lastOffset})` : '';
      this.finish(pending, { status: 'crashed', message: `${message}${where}`, signal, exitCode: code, stderr: this.stderr, ...pending.position });
    }
  }
}
