/**
 * Builds profile.json (docs/profile-schema.md, PROFILE_SCHEMA_VERSION) from the raw runs of a
 * profile job and the compiled rule set they ran: per rule (with file, line and column) its
 * evaluations, matches and latency split into not matched / matched, per branch and stage
 * the pipeline's latency, each latency metric as mean and spread over the runs. Explicit
 * conversion field by field; the raw engine shapes never leak into the file. It does not run
 * anything or write files.
 */
import type { CompiledRuleSet } from '../compile/format';
import { BRANCHES, type BranchName, type RawHistogram, type RawRun, STAGES, type StageName } from './job';
import { type HistogramBucket, mergeBuckets, robustTotal, round, type Spread, spread } from './stats';

/** The version written in `ProfileReport.version`; bump it when a field changes meaning. */
export const PROFILE_SCHEMA_VERSION = 1;

/** Latency of one measured thing over the runs; `*_cycles` only when the clock counts cycles. */
export interface Latency {
  /** Measured samples per run (all evaluations, or the sampled ones). */
  count: Spread;
  total_ns: Spread;
  /** total_ns without interrupted samples (stats.ts robustTotal): what rankings use. */
  cost_ns: Spread;
  /** Samples above INTERRUPTED_FACTOR × p50 (preempted or interrupted while timed). */
  interrupted: Spread;
  mean_ns: Spread;
  min_ns: Spread;
  p50_ns: Spread;
  p90_ns: Spread;
  p99_ns: Spread;
  max_ns: Spread;
  total_cycles?: Spread;
  p50_cycles?: Spread;
  p90_cycles?: Spread;
  p99_cycles?: Spread;
  /** Logarithmic buckets, counts summed over the runs. */
  histogram: HistogramBucket[];
}

export interface RuleProfile {
  id: number;
  name: string;
  priority: string;
  source: string;
  /** The rules file, its 0-based line and column of the rule's name (Falco's YAML marks). */
  file: string;
  line: number;
  column: number;
  evaluations: number;
  matches: number;
  /** not_matched.cost_ns + matched.cost_ns per run: the rule's measured cost. */
  cost_ns: Spread;
  /** The rule's cost over the cost of all rules (0..1, mean of runs). */
  share_of_rules: number;
  not_matched: Latency;
  matched: Latency;
}

export interface BranchProfile {
  iterations: number;
  /** Iterations whose stages were timed (all, or about 1 in sample_every). */
  measured: number;
  stages: Record<StageName, Latency>;
}

export interface ProfileReport {
  format: 'falco-studio-profile';
  version: typeof PROFILE_SCHEMA_VERSION;
  capture: string;
  rules_files: string[];
  runs: number;
  sample_every: number;
  rule_matching: 'first' | 'all';
  clock: { cycles: boolean; ns_per_tick: number; overhead_ticks: number };
  events: { read: number; delivered: number; matched: number; alerts: number };
  /** Wall time of the engine's loop per run (setup excluded). */
  run_ms: Spread;
  /** CPU time of the engine thread in the loop per run. */
  run_cpu_ms: Spread;
  /**
   * `split_every`: one timed read in this many (on average) is split into decode and state, so
   * those two stages have fewer samples than `read` (1 when every read is split).
   * `shared_reads`: timed iterations whose `read` sample is a share of a span (first run).
   */
  pipeline: { iterations: number; split_every: number; shared_reads: number; branches: Record<BranchName, BranchProfile> };
  rules: RuleProfile[];
}

/** What the report says about how it was made. */
export interface ReportContext {
  capture: string;
  ruleMatching: 'first' | 'all';
}

/** Builds the report; throws an Error when `runs` is empty or was made without profiling. */
export function buildProfileReport(runs: readonly RawRun[], ruleSet: CompiledRuleSet, context: ReportContext): ProfileReport {
  const first = runs[0];
  if (first === undefined || first.clock === undefined || first.branches === undefined) {
    throw new Error('no profiled run to report (sample_every 0 measures nothing)');
  }
  const clock = first.clock;
  const latency = (pick: (run: RawRun) => RawHistogram | undefined): Latency => toLatency(runs.map(pick).filter((h): h is RawHistogram => h !== undefined), clock);

  // 1. Pipeline, branch by branch.
  const branches = {} as Record<BranchName, BranchProfile>;
  for (const branch of BRANCHES) {
    const stages = {} as Record<StageName, Latency>;
    for (const stage of STAGES) stages[stage] = latency((run) => run.branches?.[branch].stages[stage]);
    branches[branch] = {
      iterations: first.branches[branch].iterations,
      measured: Math.round(stages.iteration.count.mean),
      stages,
    };
  }
  const iterations = BRANCHES.reduce((acc, branch) => acc + branches[branch].iterations, 0);

  // 2. Rules, in id order, with their share of all rules' cost.
  const ruleCostTicks = (run: RawRun, ruleIdx: number): number => {
    const rule = run.rules[ruleIdx];
    return (rule?.not_matched ? robustTotal(rule.not_matched).ticks : 0) + (rule?.matched ? robustTotal(rule.matched).ticks : 0);
  };
  const allRulesTicks = runs.map((run) => run.rules.reduce((acc, _rule, ruleIdx) => acc + ruleCostTicks(run, ruleIdx), 0));
  const rules: RuleProfile[] = first.rules.map((rawRule, ruleIdx) => {
    const compiled = ruleSet.rules[rawRule.id];
    const costs = runs.map((run) => ruleCostTicks(run, ruleIdx));
    const shares = costs.map((ticks, runIdx) => (allRulesTicks[runIdx] > 0 ? ticks / allRulesTicks[runIdx] : 0));
    return {
      id: rawRule.id,
      name: compiled?.name ?? `#${rawRule.id}`,
      priority: compiled?.priority ?? '',
      source: compiled?.source ?? '',
      file: compiled !== undefined ? (ruleSet.files[compiled.position.file] ?? '') : '',
      line: compiled?.position.line ?? 0,
      column: compiled?.position.column ?? 0,
      evaluations: rawRule.evaluations,
      matches: rawRule.matches,
      cost_ns: spread(costs.map((ticks) => ticks * clock.ns_per_tick)),
      share_of_rules: round(spread(shares).mean * 1e6) / 1e6,
      not_matched: latency((run) => run.rules[ruleIdx]?.not_matched),
      matched: latency((run) => run.rules[ruleIdx]?.matched),
    };
  });

  return {
    format: 'falco-studio-profile',
    version: PROFILE_SCHEMA_VERSION,
    capture: context.capture,
    rules_files: [...ruleSet.files],
    runs: runs.length,
    sample_every: first.sample_every,
    rule_matching: context.ruleMatching,
    clock: { ...clock },
    events: { read: first.events_read, delivered: first.events_delivered, matched: first.events_matched, alerts: first.alerts },
    run_ms: spread(runs.map((run) => run.run_ns / 1e6)),
    run_cpu_ms: spread(runs.map((run) => run.run_cpu_ns / 1e6)),
    pipeline: { iterations, split_every: first.split_every ?? 1, shared_reads: first.shared_reads ?? 0, branches },
    rules,
  };
}

/** A rule's measured cost without interrupted samples, mean ns per run (what rankings use). */
export function ruleCostNs(rule: RuleProfile): number {
  return rule.cost_ns.mean;
}

function toLatency(histograms: readonly RawHistogram[], clock: NonNullable<RawRun['clock']>): Latency {
  const ns = clock.ns_per_tick;
  const over = (pick: (h: RawHistogram) => number, scale = 1): Spread => spread(histograms.map((h) => pick(h) * scale));
  const result: Latency = {
    count: over((h) => h.count),
    total_ns: over((h) => h.total, ns),
    cost_ns: over((h) => robustTotal(h).ticks, ns),
    interrupted: over((h) => robustTotal(h).interrupted),
    mean_ns: over((h) => (h.count > 0 ? h.total / h.count : 0), ns),
    min_ns: over((h) => h.min, ns),
    p50_ns: over((h) => h.p50, ns),
    p90_ns: over((h) => h.p90, ns),
    p99_ns: over((h) => h.p99, ns),
    max_ns: over((h) => h.max, ns),
    histogram: mergeBuckets(histograms, ns, clock.cycles),
  };
  if (clock.cycles) {
    result.total_cycles = over((h) => h.total);
    result.p50_cycles = over((h) => h.p50);
    result.p90_cycles = over((h) => h.p90);
    result.p99_cycles = over((h) => h.p99);
  }
  return result;
}
