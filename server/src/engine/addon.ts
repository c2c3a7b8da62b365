/**
 * Loads the native addon (`build/Release/falco_studio.node`) and types the parts of it the
 * engine process uses. Only the engine process calls this: the language server and the CLI
 * never load the addon in their own process.
 */
import * as path from 'path';
import { packageRoot } from '../paths';

/** A read problem, as the addon reports it (data, not an exception). */
export interface AddonReadError {
  message: string;
  offset: number;
  eventsRead: number;
}

/** One batch from `CaptureSession.next`. */
export interface CaptureBatch {
  rows: [number, ...(string | null)[]][];
  done: boolean;
  offset: number;
  eventsRead: number;
  error?: AddonReadError;
}

/** The addon's `CaptureSession` class (native/src/addon/capture_session.h). */
export interface CaptureSession {
  /** Adds a field to extract; throws an Error for an unknown field or a bad argument. */
  addField(name: string, arg?: string): number;
  /** Keeps only events matching the first rule's condition of a compiled rule set (JSON). */
  setFilter(compiledRuleSetJson: string): void;
  /** Reads up to `maxEvents` visible events. */
  next(maxEvents: number): CaptureBatch;
  /** Reads the rest of the capture, state only. */
  count(): { events: number; visible: number; error?: AddonReadError };
  stats(): { threads: number; fds: number; threadEvictions: number; fdEvictions: number; placeholders: number };
}

/** The addon's exports that this module types; other exports are reached through `raw`. */
/** One entry of the addon's field registry. */
export interface RegistryField {
  name: string;
  /** Catalog spelling: charbuf, uint64, int64, bool, ipaddr, ... */
  type: string;
  isList: boolean;
  arg: 'none' | 'index' | 'key' | 'any';
  argRequired: boolean;
}

export interface Addon {
  version(): string;
  fieldRegistry(): RegistryField[];
  CaptureSession: new (path: string) => CaptureSession;
  raw: Record<string, unknown>;
}

/** The addon's path in a built checkout or an installed package. */
export function addonPath(): string {
  return path.join(packageRoot(), 'build', 'Release', 'falco_studio.node');
}

/** Loads the addon; throws an Error with the path when it is missing or broken. */
export function loadAddon(): Addon {
  const file = addonPath();
  let exports: Record<string, unknown>;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exports = require(file) as Record<string, unknown>;
  } catch (err) {
    throw new Error(`cannot load the native engine ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return { ...(exports as unknown as Omit<Addon, 'raw'>), raw: exports };
}
