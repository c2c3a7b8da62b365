/**
 * The engine process entry (`out/engine/process.js`): loads the native addon, then reads
 * JSON-lines requests on stdin and answers on stdout (protocol.ts). Jobs run one at a time in
 * arrival order; handlers live in `jobs/`. Anything a job throws becomes an `error` message for
 * that job; the process itself only exits when stdin closes or on `shutdown`. Diagnostics go
 * to stderr, never stdout.
 */
import * as readline from 'readline';
import { type Addon, loadAddon } from './addon';
import { JobError, type JobContext } from './jobs/context';
import { jobHandler } from './jobs/index';
import { type EngineMessage, PROTOCOL_VERSION, type Request, type RunRequest } from './protocol';

function send(message: EngineMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

class EngineProcess {
  private readonly queue: RunRequest[] = [];
  private readonly cancelledIds = new Set<string>();
  private running = false;
  private closing = false;

  constructor(private readonly addon: Addon | undefined, private readonly loadError: string | undefined) {}

  /** Handles one request line. */
  accept(line: string): void {
    if (line.trim() === '') {
      return;
    }
    let request: Request;
    try {
      request = JSON.parse(line) as Request;
    } catch (err) {
      send({ v: PROTOCOL_VERSION, type: 'error', message: `malformed request: ${errorText(err)}` });
      return;
    }
    if (typeof request !== 'object' || request === null || request.v !== PROTOCOL_VERSION) {
      send({ v: PROTOCOL_VERSION, type: 'error', message: `unsupported protocol version: ${JSON.stringify((request as { v?: unknown } | null)?.v)}` });
      return;
    }
    switch (request.type) {
      case 'run':
        this.queue.push(request);
        void this.pump();
        return;
      case 'cancel':
        this.cancelledIds.add(request.id);
        return;
      case 'shutdown':
        this.close();
        return;
      default:
        send({ v: PROTOCOL_VERSION, type: 'error', message: `unknown request type: ${JSON.stringify((request as { type?: unknown }).type)}` });
    }
  }

  /** Stops accepting work; exits once the queue is empty. */
  close(): void {
    this.closing = true;
    if (!this.running && this.queue.length === 0) {
      process.exit(0);
    }
  }

  private async pump(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = true;
    while (this.queue.length > 0) {
      const request = this.queue.shift() as RunRequest;
      await this.runJob(request);
      this.cancelledIds.delete(request.id);
    }
    this.running = false;
    if (this.closing) {
      process.exit(0);
    }
  }

  private async runJob(request: RunRequest): Promise<void> {
    const { id, job } = request;
    const capture = typeof job?.capture === 'string' ? job.capture : undefined;
    const fail = (message: string, details: JobError['details'] = {}): void =>
      send({ v: PROTOCOL_VERSION, type: 'error', id, message, capture, ...details });
    if (this.addon === undefined) {
      fail(this.loadError ?? 'the native engine is not available');
      return;
    }
    const handler = jobHandler(String(job?.kind));
    if (handler === undefined) {
      fail(`unknown job kind: ${JSON.stringify(job?.kind)}`);
      return;
    }
    if (this.cancelledIds.has(id)) {
      fail('cancelled', { cancelled: true });
      return;
    }
    const ctx: JobContext = {
      id,
      addon: this.addon,
      results: (items) => send({ v: PROTOCOL_VERSION, type: 'results', id, items }),
      progress: (file, offset, eventsRead) => send({ v: PROTOCOL_VERSION, type: 'progress', id, capture: file, offset, eventsRead }),
      cancelled: () => this.cancelledIds.has(id),
      yield: () => new Promise((resolve) => setImmediate(resolve)),
    };
    try {
      const summary = await handler(job, ctx);
      send({ v: PROTOCOL_VERSION, type: 'done', id, summary });
    } catch (err) {
      if (err instanceof JobError) {
        fail(err.message, err.details);
      } else {
        fail(`internal engine error: ${errorText(err)}`);
      }
    }
  }
}

function main(): void {
  let addon: Addon | undefined;
  let loadError: string | undefined;
  try {
    addon = loadAddon();
  } catch (err) {
    loadError = errorText(err);
  }
  const engine = new EngineProcess(addon, loadError);
  send({ v: PROTOCOL_VERSION, type: 'hello', pid: process.pid, addonVersion: addon?.version() ?? null, ...(loadError !== undefined ? { loadError } : {}) });
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on('line', (line) => engine.accept(line));
  lines.on('close', () => engine.close());
}

main();
