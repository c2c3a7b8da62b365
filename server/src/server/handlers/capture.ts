/**
 * `falcoRuleStudio/capture`: checks the request precisely (a command line that splits into
 * words, an absolute output path whose folder exists), records the command in its own
 * capture process (`features/capture.ts`) and answers when it ends. Cancelling the request
 * interrupts the capture, which still writes the file; failures are the answer's `status`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { type Connection, ResponseError, ErrorCodes } from 'vscode-languageserver/node';
import { startCapture } from '../../features/capture';
import { splitCommandLine } from '../../features/commandLine';
import type { CaptureMethod, CaptureParams, CaptureResult } from '../../protocol';

const CAPTURE_REQUEST: CaptureMethod = 'falcoRuleStudio/capture';

export function registerCapture(connection: Connection): void {
  connection.onRequest(CAPTURE_REQUEST, async (params: CaptureParams, token): Promise<CaptureResult> => {
    // Step 1: check the arguments.
    const words = splitCommandLine(typeof params?.commandLine === 'string' ? params.commandLine : '');
    if ('error' in words) {
      throw new ResponseError(ErrorCodes.InvalidParams, `capture: ${words.error}`);
    }
    const out = params.out;
    if (typeof out !== 'string' || !path.isAbsolute(out)) {
      throw new ResponseError(ErrorCodes.InvalidParams, 'capture: the output file must be an absolute path');
    }
    const folder = path.dirname(out);
    if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
      throw new ResponseError(ErrorCodes.InvalidParams, `capture: cannot write '${out}': the folder ${folder} does not exist`);
    }
    // Step 2: capture in the capture process; a cancel interrupts it.
    const run = startCapture({ out, argv: words.argv });
    const subscription = token.onCancellationRequested(() => run.cancel());
    try {
      const outcome = await run.outcome;
      return { ...outcome, out };
    } finally {
      subscription.dispose();
    }
  });
}
