/**
 * `falco-studio capture -o OUT.scap [--snaplen N] -- COMMAND [ARGS…]`: records the syscalls of
 * one command tree into a `.scap` file that `events`, `replay`, sysdig and Falco read. The
 * command runs with the user's stdin/stdout/stderr under a ptrace tracer in a capture process
 * of its own (engine/captureProcess.ts), so the CLI never loads the native addon.
 * `--system --duration S` (whole host) needs a kernel driver this build does not have and
 * fails with a message saying so.
 * Exit codes: the command's own exit code (128 + signal when a signal ended it) once OUT is
 * written; 130 when the capture was interrupted (OUT keeps what was recorded); 1 when no
 * capture was written (command not found, OUT not writable, ptrace refused, --system);
 * 2 usage error; 3 the capture process crashed.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import type { CaptureReply, CaptureRequest } from '../engine/captureProcess';
import { packageRoot } from '../paths';

const USAGE =
  'usage: falco-studio capture -o OUT.scap [--snaplen N] -- COMMAND [ARGS...]\n' +
  '       falco-studio capture -o OUT.scap --system --duration S\n';

/** Why whole-host capture is refused; exported for the tests. */
export const SYSTEM_CAPTURE_UNAVAILABLE =
  '--system needs the Falco kernel module or eBPF probe, which this build does not include; ' +
  "trace one command with 'falco-studio capture -o OUT.scap -- COMMAND', or record the host with " +
  "'sysdig -w OUT.scap' where the driver is loaded";

interface Options {
  out: string;
  system: boolean;
  duration?: number;
  snaplen?: number;
  argv: string[];
}

function parseArgs(args: string[]): Options | string {
  let out: string | undefined;
  let system = false;
  let duration: number | undefined;
  let snaplen: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      return finish(args.slice(i + 1));
    }
    if (arg === '-o' || arg === '--output' || arg === '--duration' || arg === '--snaplen') {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      if (arg === '-o' || arg === '--output') {
        out = value;
      } else {
        const number = Number(value);
        if (!Number.isInteger(number) || number <= 0) return `${arg} needs a positive whole number, got '${value}'`;
        if (arg === '--duration') duration = number;
        else snaplen = number;
      }
    } else if (arg === '--system') {
      system = true;
    } else if (arg.startsWith('-')) {
      return `unknown option '${arg}'`;
    } else {
      return finish(args.slice(i));
    }
  }
  return finish([]);

  function finish(argv: string[]): Options | string {
    if (out === undefined) return 'no output file given (-o OUT.scap)';
    if (system && argv.length > 0) return '--system traces the whole host and takes no command';
    if (system && duration === undefined) return '--system needs --duration S';
    if (!system && duration !== undefined) return '--duration goes with --system';
    if (!system && argv.length === 0) return 'no command given (-- COMMAND [ARGS...])';
    return { out, system, duration, snaplen, argv };
  }
}

/** Runs the capture process and waits for its one-line reply on fd 3. */
function runCaptureProcess(request: CaptureRequest): Promise<{ reply?: CaptureReply; crash?: string }> {
  const entry = path.join(packageRoot(), 'out', 'engine', 'captureProcess.js');
  const child = spawn(process.execPath, [entry, JSON.stringify(request)], {
    stdio: ['inherit', 'inherit', 'inherit', 'pipe'],
  });
  // A Ctrl-C reaches the capture process from the terminal too; forwarding covers a signal
  // sent to this process alone. The capture process finishes the file and replies.
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  let text = '';
  const replyPipe = child.stdio[3] as NodeJS.ReadableStream;
  replyPipe.setEncoding('utf8');
  replyPipe.on('data', (chunk: string) => {
    text += chunk;
  });
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      try {
        resolve({ reply: JSON.parse(text) as CaptureReply });
      } catch {
        resolve({ crash: `the capture process ended without a result (exit ${code ?? 'none'}, signal ${signal ?? 'none'})` });
      }
    });
    child.on('error', (err) => {
      resolve({ crash: `cannot start the capture process: ${err.message}` });
    });
  });
}

/** Runs the subcommand; returns the exit code. */
export async function runCapture(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`falco-studio capture: ${options}\n${USAGE}`);
    return 2;
  }
  if (options.system) {
    process.stderr.write(`falco-studio capture: ${SYSTEM_CAPTURE_UNAVAILABLE}\n`);
    return 1;
  }
  const { reply, crash } = await runCaptureProcess({ out: options.out, argv: options.argv, snaplen: options.snaplen });
  if (reply === undefined) {
    process.stderr.write(`falco-studio capture: ${crash ?? 'no result'}; '${options.out}' was not written\n`);
    return 3;
  }
  if (!reply.ok) {
    process.stderr.write(`falco-studio capture: ${reply.error ?? 'capture failed'}; '${options.out}' was not written\n`);
    return 1;
  }
  const name = options.argv[0];
  if (reply.interrupted) {
    process.stderr.write(
      `falco-studio capture: interrupted; wrote ${options.out} (${reply.events} events), '${name}' was detached\n`,
    );
    return 130;
  }
  const ended =
    reply.termSignal !== 0 ? `was killed by signal ${reply.termSignal}` : `exited with status ${reply.exitCode}`;
  process.stderr.write(`falco-studio capture: wrote ${options.out} (${reply.events} events); '${name}' ${ended}\n`);
  return reply.termSignal !== 0 ? 128 + reply.termSignal : reply.exitCode;
}
