/**
 * The capture process entry (`out/engine/captureProcess.js`), started by `falco-studio
 * capture`: loads the native addon and records one command with `captureCommand`. It is a
 * process of its own, not a job of the engine process, because the traced command must
 * inherit the user's stdin/stdout/stderr (the engine's stdout carries the protocol) and the
 * native call blocks its thread for the whole capture. The request comes as JSON in argv[2];
 * the result is one JSON line written to fd 3. It does not parse command lines or print
 * messages for people (cli/capture.ts does).
 */
import * as fs from 'fs';
import { loadAddon } from './addon';

/** What the CLI asks for. */
export interface CaptureRequest {
  out: string;
  argv: string[];
  snaplen?: number;
}

/** What the capture process answers on fd 3. */
export interface CaptureReply {
  ok: boolean;
  error?: string;
  exitCode: number;
  termSignal: number;
  interrupted: boolean;
  events: number;
  commandPath: string;
}

type CaptureCommand = (request: CaptureRequest) => CaptureReply;

function reply(result: CaptureReply): void {
  fs.writeSync(3, `${JSON.stringify(result)}\n`);
}

// A stop signal that arrives before the native capture installs its own handlers (while
// Node starts and loads the addon) must not kill this process without a reply.
let stoppedEarly = false;
const stopEarly = (): void => {
  stoppedEarly = true;
};
process.on('SIGINT', stopEarly);
process.on('SIGTERM', stopEarly);
process.on('SIGHUP', stopEarly);

async function main(): Promise<void> {
  const failed = (error: string): CaptureReply => ({
    ok: false,
    error,
    exitCode: -1,
    termSignal: 0,
    interrupted: false,
    events: 0,
    commandPath: '',
  });
  let request: CaptureRequest;
  try {
    request = JSON.parse(process.argv[2] ?? '') as CaptureRequest;
  } catch {
    reply(failed('malformed capture request'));
    return;
  }
  let captureCommand: CaptureCommand;
  try {
    captureCommand = loadAddon().raw.captureCommand as CaptureCommand;
  } catch (err) {
    reply(failed(err instanceof Error ? err.message : String(err)));
    return;
  }
  // Let signal callbacks that are already pending run before the command starts.
  await new Promise((resolve) => setImmediate(resolve));
  if (stoppedEarly) {
    reply(failed('interrupted before the command started'));
    return;
  }
  reply(captureCommand(request));
}

void main();
