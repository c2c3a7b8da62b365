/**
 * `falco-studio replay CAPTURE [INPUT…] -r RULES [-r RULES…] [--json] [--disable-rule NAME]…
 * [--enable-tag T]… [--disable-tag T]… [--min-priority P] [--all-events]
 * [--rule-matching first|all] [--enter-events]`: loads the rules files like validate, then
 * has the engine process evaluate them over the inputs, and prints one line per alert and a
 * summary (design.md's contract; alert lines are described in native/src/ruleset/alert_writer.h).
 * An input is a `.scap` capture (syscall source) or a Kubernetes audit file (k8s_audit source:
 * an Event, an EventList or JSON lines), told apart by content (inputKind.ts). One capture
 * alone runs the `replay` job, as always; otherwise the `replay-sources` job runs every input
 * as its own source and merges alerts in time order (each with `input` when there are
 * several). Either way the summary carries per-source and per-input counts. Rules load errors print like
 * validate and exit 1. The addon is never loaded here: the work runs in the engine process.
 */
import { EngineClient } from '../engine/client';
import type { ReplayJob, ReplayProblem } from '../engine/jobs/replay';
import type { ReplaySourcesJob } from '../engine/jobs/replaySources';
import { loadRulesForEngine } from './engineRules';
import { inputKind } from './inputKind';

const USAGE = `usage: falco-studio replay CAPTURE [INPUT…] -r RULES [-r RULES…] [--json] [--disable-rule NAME]…
                           [--enable-tag T]… [--disable-tag T]… [--min-priority P] [--all-events]
                           [--rule-matching first|all] [--enter-events]
`;

const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];

/** Parsed command line. */
export interface ReplayOptions {
  /** The first input. */
  capture: string;
  /** Every input, in the order given (a capture and/or Kubernetes audit files). */
  inputs: string[];
  rules: string[];
  json: boolean;
  disableRules: string[];
  enableTags: string[];
  disableTags: string[];
  minPriority: number;
  allEvents: boolean;
  ruleMatching: 'first' | 'all';
  enterEvents: boolean;
}

/**
 * Parses the arguments; returns a message for a usage error. One input unless `several` (the
 * replay subcommand takes several; profile, which shares this parser, takes one capture).
 */
export function parseReplayArgs(args: readonly string[], several = false): ReplayOptions | string {
  const options: ReplayOptions = {
    capture: '', inputs: [], rules: [], json: false, disableRules: [], enableTags: [], disableTags: [],
    minPriority: 7, allEvents: false, ruleMatching: 'first', enterEvents: false,
  };
  const captures: string[] = [];
  for (let argIdx = 0; argIdx < args.length; argIdx++) {
    const arg = args[argIdx];
    const value = (): string | undefined => args[++argIdx];
    switch (arg) {
      case '--json': options.json = true; break;
      case '--all-events': options.allEvents = true; break;
      case '--enter-events': options.enterEvents = true; break;
      case '-r': case '--rules': case '--disable-rule': case '--enable-tag': case '--disable-tag':
      case '--min-priority': case '--rule-matching': {
        const text = value();
        if (text === undefined) return `option '${arg}' needs a value`;
        if (arg === '-r' || arg === '--rules') options.rules.push(text);
        else if (arg === '--disable-rule') options.disableRules.push(text);
        else if (arg === '--enable-tag') options.enableTags.push(text);
        else if (arg === '--disable-tag') options.disableTags.push(text);
        else if (arg === '--min-priority') {
          const level = priorityLevel(text);
          if (level < 0) return `unknown priority '${text}' (one of ${PRIORITIES.join(', ')})`;
          options.minPriority = level;
        } else if (text === 'first' || text === 'all') options.ruleMatching = text;
        else return `--rule-matching must be 'first' or 'all', not '${text}'`;
        break;
      }
      default:
        if (arg.startsWith('-')) return `unknown option '${arg}'`;
        captures.push(arg);
    }
  }
  if (captures.length === 0) return 'no capture file given';
  if (captures.length > 1 && !several) return 'give exactly one capture file';
  if (options.rules.length === 0) return 'no rules file given (-r RULES)';
  options.capture = captures[0];
  options.inputs = captures;
  return options;
}

/** Falco's priority names, any case, "info" accepted → 0..7, or -1. */
export function priorityLevel(name: string): number {
  const lowered = name.toLowerCase();
  return lowered === 'info' ? 6 : PRIORITIES.indexOf(lowered);
}

/** Runs the subcommand; returns the exit code. */
export async function runReplay(args: string[]): Promise<number> {
  const options = parseReplayArgs(args, true);
  if (typeof options === 'string') {
    process.stderr.write(`falco-studio replay: ${options}\n${USAGE}`);
    return 2;
  }
  // Step 1: load the rules files; load errors are reported as validate reports them.
  const ruleSet = loadRulesForEngine(options.rules, options.json);
  if (ruleSet === undefined) return 1;
  // Step 2: replay in the engine process, streaming alerts.
  const inputs = options.inputs.map((path) => ({ path, source: inputKind(path) }));
  if (inputs.filter((input) => input.source === 'syscall').length > 1) {
    process.stderr.write('falco-studio replay: give at most one capture (.scap); the other inputs must be Kubernetes audit files\n');
    return 2;
  }
  const replayJob: ReplayJob = {
    kind: 'replay', capture: options.capture, ruleSetJson: JSON.stringify(ruleSet),
    ruleMatching: options.ruleMatching, enterEvents: options.enterEvents, allEvents: options.allEvents,
    disableRules: options.disableRules, enableTags: options.enableTags, disableTags: options.disableTags,
    minPriority: options.minPriority,
  };
  const single = inputs.length === 1 && inputs[0].source === 'syscall';
  const job: ReplayJob | ReplaySourcesJob = single ? replayJob : { ...replayJob, kind: 'replay-sources', inputs };
  const client = new EngineClient();
  const bySeverity = new Map<string, number>();
  const handle = client.run(job, {
    onResults: (items) => {
      let out = '';
      for (const item of items) {
        out += `${options.json ? JSON.stringify(item) : textLine(item)}\n`;
        const priority = (item as { priority?: string }).priority;
        if (priority !== undefined) bySeverity.set(priority, (bySeverity.get(priority) ?? 0) + 1);
      }
      process.stdout.write(out);
    },
  });
  const outcome = await handle.result;
  client.dispose();
  // Step 3: the summary, or why the replay stopped.
  if (outcome.status !== 'done') {
    const where = outcome.status === 'error' && outcome.offset !== undefined ? ` at byte offset ${outcome.offset} (after event ${outcome.eventsRead ?? 0})` : '';
    const message = outcome.status === 'cancelled' ? 'cancelled' : outcome.message;
    const input = outcome.status === 'error' && outcome.capture !== undefined ? outcome.capture : options.capture;
    process.stderr.write(`falco-studio replay: ${input}${where}: ${message}\n`);
    return outcome.status === 'error' ? 1 : 3;
  }
  const summary = withSourceCounts(outcome.summary.replay as Record<string, unknown>, options.capture);
  process.stdout.write(options.json ? `${JSON.stringify({ summary })}\n` : textSummary(summary, bySeverity));
  const problems = (outcome.summary.problems ?? []) as ReplayProblem[];
  for (const problem of problems) {
    const file = ruleSet.files[problem.position.file] ?? '';
    process.stderr.write(`${file}:${problem.position.line + 1}:${problem.position.column + 1}: error rule '${problem.rule}' left out of the replay: ${problem.message}\n`);
  }
  return problems.length > 0 ? 1 : 0;
}

/**
 * The summary with per-source and per-input counts: the replay-sources job adds them; for
 * one capture (the replay job) they are the totals, under `syscall`.
 */
function withSourceCounts(summary: Record<string, unknown>, capture: string): Record<string, unknown> {
  if (summary.sources !== undefined) return summary;
  const count = (key: string): number => (typeof summary[key] === 'number' ? summary[key] : 0);
  return {
    ...summary,
    sources: { syscall: { events: count('events'), events_delivered: count('events_delivered'), events_matched: count('events_matched'), alerts: count('alerts') } },
    inputs: [{ input: capture, source: 'syscall', events: count('events'), alerts: count('alerts') }],
  };
}

/** Falco's text alert line: "<time>: <Priority> <output>", or an --all-events line. */
function textLine(item: unknown): string {
  const record = item as { output?: string; evt_num?: number; evt_type?: string; time?: string };
  if (record.output !== undefined) return record.output;
  return `${record.time ?? ''}: no rule matched event ${record.evt_num ?? 0} (${record.evt_type ?? ''})`;
}

/** Falco's end-of-run statistics, in its words. */
function textSummary(summary: Record<string, unknown>, bySeverity: ReadonlyMap<string, number>): string {
  const byRule = (summary.alerts_by_rule ?? {}) as Record<string, number>;
  const lines = [`Events detected: ${String(summary.events_matched)}`, 'Rule counts by severity:'];
  const order = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'];
  for (const priority of order) {
    const count = bySeverity.get(priority);
    if (count !== undefined) lines.push(`   ${priority.toUpperCase()}: ${count}`);
  }
  lines.push('Triggered rules by rule name:');
  for (const [rule, count] of Object.entries(byRule)) lines.push(`   ${rule}: ${count}`);
  lines.push(`Events read: ${String(summary.events)}, delivered to rules: ${String(summary.events_delivered)}`);
  const sources = (summary.sources ?? {}) as Record<string, { events: number; alerts: number }>;
  for (const [source, counts] of Object.entries(sources)) lines.push(`   ${source}: ${counts.events} events, ${counts.alerts} alerts`);
  return `${lines.join('\n')}\n`;
}
