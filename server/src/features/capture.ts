/**
 * "Capture while running command" for the editor: runs one command under the capture process
 * (`out/engine/captureProcess.js`, a process of its own, so neither the language server nor
 * the extension host loads the addon or blocks on the trace), keeps the tail of what the
 * command prints (the server's stdout carries LSP, so the command never inherits it), and
 * turns the capture process's reply into an outcome. Cancelling sends SIGINT: the capture
 * process detaches the command and finalises the file. It never throws for capture failures.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import type { CaptureReply, CaptureRequest } from '../engine/captureProcess';
import { packageRoot } from '../paths';

/** What the command printed is kept up to this many characters (the end is kept). */
const MAX_OUTPUT = 64 * 1024;

export interface CaptureOutcome {
  status: 'done' | 'interrupted' | 'error' | 'crashed';
  message?: string;
  events: number;
  exitCode: number;
  termSignal: number;
  commandPath: string;
  output: string;
}

export interface CaptureRun {
  outcome: Promise<CaptureOutcome>;
  /** Sends SIGINT to the capture process (once it runs); the outcome follows. */
  cancel(): void;
}

/** Starts capturing `request.argv` into `request.out`. */
export function startCapture(request: CaptureRequest): CaptureRun {
  const entry = path.join(packageRoot(), 'out', 'engine', 'captureProcess.js');
  const child = spawn(process.execPath, [entry, JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > 2 * MAX_OUTPUT) {
      output = output.slice(-MAX_OUTPUT);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let replyText = '';
  const replyPipe = child.stdio[3] as NodeJS.ReadableStream;
  replyPipe.setEncoding('utf8');
  replyPipe.on('data', (chunk: string) => {
    replyText += chunk;
  });
  // The capture process writes its reply before it exits. The outcome waits for `close`
  // (every pipe drained), but at most a second after `exit`: an interrupted command is
  // detached and may keep the output pipes open for as long as it runs.
  const outcome = new Promise<CaptureOutcome>((resolve) => {
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    const settle = (): void => {
      if (exited !== undefined) {
        resolve(toOutcome(request, replyText, output.slice(-MAX_OUTPUT), exited.code, exited.signal));
      }
    };
    child.on('error', (err) => {
      resolve({ ...NO_EVENTS, status: 'crashed', message: `cannot start the capture process: ${err.message}`, output });
    });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      setTimeout(settle, 1000).unref();
    });
    child.on('close', settle);
  });
  return {
    outcome,
    cancel: () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
      }
    },
  };
}

const NO_EVENTS = { events: 0, exitCode: -1, termSignal: 0, commandPath: '' };

function toOutcome(request: CaptureRequest, replyText: string, output: string, code: number | null, signal: NodeJS.Signals | null): CaptureOutcome {
  let reply: CaptureReply;
  try {
    reply = JSON.parse(replyText.split('\n')[0] ?? '') as CaptureReply;
  } catch {
    return { ...NO_EVENTS, status: 'crashed', message: `the capture process ended without a result (exit ${code ?? 'none'}, signal ${signal ?? 'none'}); '${request.out}' may be incomplete`, output };
  }
  if (!reply.ok) {
    return { ...NO_EVENTS, status: 'error', message: `${reply.error ?? 'capture failed'}; '${request.out}' was not written`, commandPath: reply.commandPath, output };
  }
  const common = { events: reply.events, exitCode: reply.exitCode, termSignal: reply.termSignal, commandPath: reply.commandPath, output };
  return reply.interrupted ? { ...common, status: 'interrupted', message: `interrupted; '${request.argv[0]}' was detached` } : { ...common, status: 'done' };
}
