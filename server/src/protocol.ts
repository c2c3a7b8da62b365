/**
 * What the client and the server exchange beyond the standard LSP messages, types only.
 * Both sides import it with `import type` (the client is compiled against the server
 * project's declarations); a method name is a string literal type, so each side writes
 * `const X: ReplayMethod = 'falcoRuleStudio/replay'` and the compiler keeps them equal. Each
 * entry says who sends it and when.
 */

/**
 * The `falcoRuleStudio` settings section. Sent by the client: in `initializationOptions`
 * (optional, used by clients other than VS Code) and in every
 * `workspace/didChangeConfiguration` (VS Code's language client sends the whole section at
 * start and whenever the user changes it). The server reorders and reloads on receipt.
 */
export interface ServerSettings {
  /** Rules files in load order (paths relative to the first workspace folder, or absolute). */
  rulesFiles: string[];
}

/** Where a rule is written, as the client can open it (0-based line and character). */
export interface RuleLocation {
  uri: string;
  line: number;
  character: number;
}

/** Options of a replay, from the `falcoRuleStudio.replay.*` settings. */
export interface ReplayOptions {
  /** Falco's `rule_matching`: `first` (default) raises at most one alert per event. */
  ruleMatching?: 'first' | 'all';
  /** Deliver the enter events of old captures to the rules, as Falco 0.35 and sysdig 0.29.3 did. */
  enterEvents?: boolean;
}

/**
 * `falcoRuleStudio/replay`, a request sent by the client when the user runs "Replay capture
 * file…" (command or CodeLens). The server compiles the workspace's rules files (current
 * texts, in load order), replays the capture in the engine process and answers when the
 * replay ends. Cancelling the request stops the replay.
 */
export type ReplayMethod = 'falcoRuleStudio/replay';

export interface ReplayParams extends ReplayOptions {
  /** Absolute path of the `.scap` file. */
  capture: string;
}

/** One alert: the CLI's alert line plus where its rule is written. */
export interface ReplayAlert {
  rule: string;
  priority: string;
  source: string;
  /** The formatted output, as Falco prints it (time and priority first). */
  output: string;
  /** Event number in the capture, counted from 1 like `sysdig -r`'s `%evt.num`. */
  evtNum: number;
  time: string;
  location?: RuleLocation;
}

/** The answer to `falcoRuleStudio/replay`. */
export interface ReplayResult {
  /** `done`, or why the replay stopped early (`error`, `cancelled`, `crashed`, `hung`, `timeout`). */
  status: string;
  /** Set when `status` is not `done`: what went wrong, with the capture offset when known. */
  message?: string;
  capture: string;
  /** Alerts in event order; at most 5000 (see `truncated`). */
  alerts: ReplayAlert[];
  truncated: boolean;
  /** Events read, and alerts per rule (all alerts, not only those sent). */
  events: number;
  alertsByRule: Record<string, number>;
  /** Rules left out: they did not load (load errors) or the engine could not build them. */
  leftOut: { rule: string; message: string; location?: RuleLocation }[];
  /** Number of load errors in the rules files; their rules are not part of the replay. */
  nLoadErrors: number;
}

/**
 * `falcoRuleStudio/profile`, a request sent by the client when the user clicks "Profile this
 * rule" (or runs "Profile rules on a capture…"). The server compiles the workspace's rules
 * files as they are now and profiles the whole rule set on the capture in the engine process
 * (rules interact under first-match, so one rule is never profiled alone); the answer has
 * metrics for every rule. Cancelling the request stops the profile.
 */
export type ProfileMethod = 'falcoRuleStudio/profile';

export interface ProfileParams extends ReplayOptions {
  capture: string;
  /** Replays of the capture whose metrics are averaged; default 3. */
  runs?: number;
}

/** Latency of a rule's evaluations on one branch (median and 99th percentile, means over runs). */
export interface LatencySummary {
  /** Evaluations measured. */
  count: number;
  p50Ns: number;
  p99Ns: number;
  /** Only when the engine's clock counts cycles. */
  p50Cycles?: number;
  p99Cycles?: number;
}

/** One rule's metrics. */
export interface RuleMetrics {
  rule: string;
  location?: RuleLocation;
  evaluations: number;
  matches: number;
  /** Events the rule was evaluated on and did not match. */
  notMatched: LatencySummary;
  /** Events the rule matched. */
  matched: LatencySummary;
}

/** The answer to `falcoRuleStudio/profile`. */
export interface ProfileResult {
  status: string;
  message?: string;
  capture: string;
  runs: number;
  /** Events read, and events at least one rule matched. */
  events: number;
  eventsMatched: number;
  rules: RuleMetrics[];
  leftOut: { rule: string; message: string; location?: RuleLocation }[];
  nLoadErrors: number;
}

/**
 * `falcoRuleStudio/exportProfile`, a request sent by the client when the user runs "Export
 * last profile…" after a profile: the server writes the last profile's `profile.json`,
 * `pipeline.dot` and `pipeline.folded` (the `falco-studio profile --out` files) into
 * `folder` and answers with their paths. An error when no profile finished yet.
 */
export type ExportProfileMethod = 'falcoRuleStudio/exportProfile';

export interface ExportProfileParams {
  folder: string;
}

export interface ExportProfileResult {
  files: string[];
}

/**
 * `falcoRuleStudio/lastProfile`, a request sent by the client when the user opens the
 * profile view after a profile: the server answers with the last profile's full report (the
 * `profile.json` document of `server/src/profile/report.ts`) and its folded stacks (the
 * `pipeline.folded` text). An error when no profile finished yet.
 */
export type LastProfileMethod = 'falcoRuleStudio/lastProfile';

export interface LastProfileResult {
  /** A `ProfileReport` (typed there; kept opaque here so this file stays self-contained). */
  report: unknown;
  folded: string;
}

/**
 * `falcoRuleStudio/capture`, a request sent by the client when the user runs "Capture while
 * running command…". The server splits the command line (shell-like words and quotes, no
 * expansion), records the command in a capture process of its own (never in the server's
 * process) and answers when the command ends. Cancelling the request sends SIGINT to the
 * capture process, which detaches the command and finalises the file (`status`
 * `interrupted`). A command that cannot start, a refused ptrace or an unwritable file is
 * `status` `error` with Falco Rule Studio's message; nothing is written then.
 */
export type CaptureMethod = 'falcoRuleStudio/capture';

export interface CaptureParams {
  /** The command line, e.g. `cat /etc/hostname` or `sh -c 'echo hi > /tmp/x'`. */
  commandLine: string;
  /** Absolute path of the `.scap` file to write. */
  out: string;
}

/** The answer to `falcoRuleStudio/capture`. */
export interface CaptureResult {
  /** `done` (the command ended), `interrupted` (cancelled), `error` (nothing written), `crashed`. */
  status: 'done' | 'interrupted' | 'error' | 'crashed';
  message?: string;
  out: string;
  /** Events written to `out`. */
  events: number;
  /** The command's exit status, or the signal that ended it (0 when none). */
  exitCode: number;
  termSignal: number;
  /** The executable that ran, as found on PATH. */
  commandPath: string;
  /** The last part of what the command wrote to stdout and stderr (at most 64 KiB). */
  output: string;
}
