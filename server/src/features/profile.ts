/**
 * Profiling for the editor: runs the `profile` job of the engine process over a capture for
 * a compiled rule set (through `profile/engine.ts`), builds the profile report
 * (`profile/report.ts`) and keeps, per rule, what the editor shows inline: evaluations,
 * matches, and median / p99 latency in ns (and cycles when the clock counts them) for the
 * events the rule did not match and those it matched. Rule positions are file indexes of the
 * rule set. It never loads the addon itself and never throws for engine failures.
 */
import { type CompiledRuleSet } from '../compile/format';
import { type EngineClient } from '../engine/client';
import { runProfile } from '../profile/engine';
import { buildProfileReport, type Latency, type ProfileReport } from '../profile/report';
import { type RulePosition } from './replay';

export interface LatencyNumbers {
  count: number;
  p50Ns: number;
  p99Ns: number;
  p50Cycles?: number;
  p99Cycles?: number;
}

export interface RuleNumbers {
  rule: string;
  position?: RulePosition;
  evaluations: number;
  matches: number;
  notMatched: LatencyNumbers;
  matched: LatencyNumbers;
}

export interface ProfileSummary {
  status: 'done' | 'error' | 'cancelled' | 'timeout' | 'hung' | 'crashed';
  message?: string;
  runs: number;
  events: number;
  eventsMatched: number;
  rules: RuleNumbers[];
  leftOut: { rule: string; message: string; position?: RulePosition }[];
  /** The full report (histograms, pipeline stages), for exports; only when `status` is done. */
  report?: ProfileReport;
}

export interface ProfileRun {
  summary: Promise<ProfileSummary>;
  cancel(): void;
}

/** Starts profiling `capture` with `runs` replays. */
export function startProfile(
  engine: EngineClient,
  ruleSet: CompiledRuleSet,
  capture: string,
  options: { runs: number; ruleMatching?: 'first' | 'all'; enterEvents?: boolean },
): ProfileRun {
  const handle = runProfile(engine, {
    capture,
    ruleSetJson: JSON.stringify(ruleSet),
    runs: options.runs,
    sampleEvery: 1,
    ruleMatching: options.ruleMatching,
    enterEvents: options.enterEvents,
  });
  const empty = { runs: options.runs, events: 0, eventsMatched: 0, rules: [], leftOut: [] };
  const summary = handle.result.then((outcome): ProfileSummary => {
    if (outcome.status !== 'done') {
      return { ...empty, status: outcome.status, message: outcome.status === 'cancelled' ? 'The profile was cancelled.' : outcome.message };
    }
    let report;
    try {
      report = buildProfileReport(outcome.runs, ruleSet, { capture, ruleMatching: options.ruleMatching ?? 'first' });
    } catch (err) {
      return { ...empty, status: 'error', message: err instanceof Error ? err.message : String(err) };
    }
    return {
      status: 'done',
      runs: report.runs,
      events: report.events.read,
      eventsMatched: report.events.matched,
      rules: report.rules.map((rule) => ({
        rule: rule.name,
        position: ruleSet.rules[rule.id]?.position,
        evaluations: rule.evaluations,
        matches: rule.matches,
        notMatched: numbers(rule.not_matched),
        matched: numbers(rule.matched),
      })),
      leftOut: outcome.problems.map((problem) => ({ rule: problem.rule, message: problem.message, position: problem.position })),
      report,
    };
  });
  return { summary, cancel: () => handle.cancel() };
}

function numbers(latency: Latency): LatencyNumbers {
  return {
    count: latency.count.mean,
    p50Ns: latency.p50_ns.mean,
    p99Ns: latency.p99_ns.mean,
    p50Cycles: latency.p50_cycles?.mean,
    p99Cycles: latency.p99_cycles?.mean,
  };
}
