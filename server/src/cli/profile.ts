/**
 * `falco-studio profile CAPTURE -r RULES [-r RULES…] [--runs N] [--out DIR] [--json]
 * [--sample N]` plus replay's selection options (--disable-rule, --enable-tag, --disable-tag,
 * --min-priority, --rule-matching, --enter-events): loads the rules files like replay, has the
 * engine process replay the capture N times with profiling on, and prints the terminal table
 * (or, with --json, profile.json on stdout). With --out DIR it writes DIR/profile.json,
 * DIR/pipeline.dot and DIR/pipeline.folded (design.md's contract). --sample N measures one
 * event in N (default every event). Exit codes: 0 ok, 1 rules load error, capture error or a
 * rule the engine could not build, 2 usage error, 3 engine crash or hang. The addon is never
 * loaded here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { EngineClient } from '../engine/client';
import { writeDot } from '../profile/dot';
import { runProfile } from '../profile/engine';
import { writeFolded } from '../profile/folded';
import { buildProfileReport } from '../profile/report';
import { writeTable } from '../profile/table';
import { parseReplayArgs, type ReplayOptions } from './replay';
import { loadRulesForEngine } from './engineRules';

const USAGE = `usage: falco-studio profile CAPTURE -r RULES [-r RULES…] [--runs N] [--out DIR] [--json] [--sample N]
                            [--disable-rule NAME]… [--enable-tag T]… [--disable-tag T]…
                            [--min-priority P] [--rule-matching first|all] [--enter-events]
`;

/** Parsed command line. */
export interface ProfileOptions extends ReplayOptions {
  runs: number;
  out?: string;
  sampleEvery: number;
}

/** Parses the arguments; returns a message for a usage error. */
export function parseProfileArgs(args: readonly string[]): ProfileOptions | string {
  const rest: string[] = [];
  let runs = 1;
  let sampleEvery = 1;
  let out: string | undefined;
  for (let argIdx = 0; argIdx < args.length; argIdx++) {
    const arg = args[argIdx];
    if (arg !== '--runs' && arg !== '--sample' && arg !== '--out') {
      if (arg === '--all-events') return `unknown option '${arg}'`;
      rest.push(arg);
      continue;
    }
    const text = args[++argIdx];
    if (text === undefined) return `option '${arg}' needs a value`;
    if (arg === '--out') {
      out = text;
      continue;
    }
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1 || value > (arg === '--runs' ? 1000 : 1_000_000_000)) {
      return `${arg} must be a whole number from 1 to ${arg === '--runs' ? '1000' : '1000000000'}, not '${text}'`;
    }
    if (arg === '--runs') runs = value;
    else sampleEvery = value;
  }
  const replay = parseReplayArgs(rest);
  if (typeof replay === 'string') return replay;
  return { ...replay, runs, sampleEvery, out };
}

/** Runs the subcommand; returns the exit code. */
export async function runProfileCommand(args: string[]): Promise<number> {
  const options = parseProfileArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`falco-studio profile: ${options}\n${USAGE}`);
    return 2;
  }
  // Step 1: load the rules files; load errors are reported as validate reports them.
  const ruleSet = loadRulesForEngine(options.rules, options.json);
  if (ruleSet === undefined) return 1;
  // Step 2: profile in the engine process.
  const client = new EngineClient();
  const handle = runProfile(client, {
    capture: options.capture, ruleSetJson: JSON.stringify(ruleSet), runs: options.runs, sampleEvery: options.sampleEvery,
    ruleMatching: options.ruleMatching, enterEvents: options.enterEvents, disableRules: options.disableRules,
    enableTags: options.enableTags, disableTags: options.disableTags, minPriority: options.minPriority,
  });
  const outcome = await handle.result;
  client.dispose();
  if (outcome.status !== 'done') {
    const where = outcome.status === 'error' && outcome.offset !== undefined ? ` at byte offset ${outcome.offset} (after event ${outcome.eventsRead ?? 0})` : '';
    const message = outcome.status === 'cancelled' ? 'cancelled' : outcome.message;
    process.stderr.write(`falco-studio profile: ${options.capture}${where}: ${message}\n`);
    return outcome.status === 'error' ? 1 : 3;
  }
  // Step 3: the report, its files, and what the terminal shows.
  const report = buildProfileReport(outcome.runs, ruleSet, { capture: options.capture, ruleMatching: options.ruleMatching });
  const profileJson = `${JSON.stringify(report, null, 1)}\n`;
  if (options.out !== undefined) {
    try {
      fs.mkdirSync(options.out, { recursive: true });
      fs.writeFileSync(path.join(options.out, 'profile.json'), profileJson);
      fs.writeFileSync(path.join(options.out, 'pipeline.dot'), writeDot(report));
      fs.writeFileSync(path.join(options.out, 'pipeline.folded'), writeFolded(report));
    } catch (err) {
      process.stderr.write(`falco-studio profile: cannot write to ${options.out}: ${err instanceof Error ? err.message : String(err)}\n`);
      return 1;
    }
  }
  process.stdout.write(options.json ? profileJson : writeTable(report));
  for (const problem of outcome.problems) {
    const file = ruleSet.files[problem.position.file] ?? '';
    process.stderr.write(`${file}:${problem.position.line + 1}:${problem.position.column + 1}: error rule '${problem.rule}' left out of the profile: ${problem.message}\n`);
  }
  return outcome.problems.length > 0 ? 1 : 0;
}
