/**
 * Runs one request handler so that an exception in a feature never takes the server down:
 * the error is logged with the request's name and the handler answers with a neutral value
 * (no hover, no completion...). Exceptions here mean a bug; bad input is data. A
 * `ResponseError` is an answer, not a bug (e.g. "this cannot be renamed"): it goes through.
 */
import { ResponseError } from 'vscode-languageserver/node';

/** Where guarded handlers report the bugs they caught. */
export interface BugLog {
  error(message: string): void;
}

/** Wraps `handler`: on an exception, logs it and returns `fallback`. */
export function guard<P extends unknown[], R>(log: BugLog, name: string, fallback: R, handler: (...params: P) => R): (...params: P) => R {
  return (...params: P): R => {
    try {
      return handler(...params);
    } catch (err) {
      if (err instanceof ResponseError) {
        throw err;
      }
      log.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      return fallback;
    }
  };
}
