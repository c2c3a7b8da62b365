/**
 * The terminal report: the pipeline by branch and stage, then the rules sorted by their
 * measured cost (largest first, interrupted samples left out) with their share, counts and latency
 * percentiles (ns, and cycles when the clock counts them). Values are means over the runs;
 * `±` is the standard deviation when there are several. Plain text, no colours.
 */
import { BRANCHES, STAGES } from './job';
import { type Latency, type ProfileReport, ruleCostNs } from './report';
import type { Spread } from './stats';

/** Renders the report; `limit` caps the rules listed (default all). */
export function writeTable(report: ProfileReport, limit = Infinity): string {
  const out: string[] = [];
  const runs = report.runs > 1;
  const sd = (value: Spread): string => (runs ? ` ±${num(value.stddev)}` : '');
  out.push(`capture ${report.capture}: ${report.events.read} events read, ${report.events.delivered} delivered, ${report.events.matched} matched, ${report.events.alerts} alerts`);
  out.push(`${report.runs} run(s), ${num(report.run_ms.mean)}${sd(report.run_ms)} ms per run, ${report.sample_every === 1 ? 'every event measured' : `1 event in ${report.sample_every} measured`}, ${report.clock.cycles ? `${(1 / report.clock.ns_per_tick).toFixed(3)} cycles/ns` : 'ns clock (no cycle counter)'}`);
  out.push('');
  // 1. Pipeline.
  const pipelineRows = [['branch', 'stage', 'iterations', 'measured', 'total ms', 'mean ns', 'p50 ns', 'p99 ns']];
  for (const branch of BRANCHES) {
    const profile = report.pipeline.branches[branch];
    for (const stage of STAGES) {
      const latency = profile.stages[stage];
      if (latency.count.mean === 0 && stage !== 'iteration') continue;
      pipelineRows.push([stage === 'iteration' ? branch : '', stage, stage === 'iteration' ? String(profile.iterations) : '', num(latency.count.mean),
        `${num(latency.total_ns.mean / 1e6)}${sd(scale(latency.total_ns, 1e-6))}`, num(latency.mean_ns.mean), num(latency.p50_ns.mean), num(latency.p99_ns.mean)]);
    }
  }
  out.push(...columns(pipelineRows));
  if (report.pipeline.split_every > 1) out.push(`(decode and state are timed on about 1 read in ${report.pipeline.split_every}: their measured counts and totals cover those reads)`);
  if (report.pipeline.shared_reads > 0) out.push(`(${report.pipeline.shared_reads} of ${report.pipeline.iterations} iterations evaluate no rule and read no clock: their read is an equal share of the span up to the next clock read, so read/iteration percentiles of those are span means)`);
  out.push('');
  // 2. Rules by cost (interrupted samples left out; see stats.ts).
  const rules = [...report.rules].sort((a, b) => ruleCostNs(b) - ruleCostNs(a) || a.id - b.id).slice(0, limit);
  const cyc = report.clock.cycles;
  const ruleRows = [['share', 'rule', 'evals', 'matches', 'cost ms', 'p50 ns', 'p99 ns', ...(cyc ? ['p50 cyc'] : []), 'matched p50 ns', 'where']];
  for (const rule of rules) {
    const latency: Latency = rule.not_matched;
    ruleRows.push([`${(100 * rule.share_of_rules).toFixed(1)}%`, rule.name, String(rule.evaluations), String(rule.matches),
      `${num(ruleCostNs(rule) / 1e6)}${sd(scale(rule.cost_ns, 1e-6))}`, num(latency.p50_ns.mean), num(latency.p99_ns.mean),
      ...(cyc ? [num(latency.p50_cycles?.mean ?? 0)] : []), rule.matched.count.mean > 0 ? num(rule.matched.p50_ns.mean) : '-',
      `${rule.file}:${rule.line + 1}:${rule.column + 1}`]);
  }
  out.push(...columns(ruleRows));
  return `${out.join('\n')}\n`;
}

function scale(value: Spread, factor: number): Spread {
  return { mean: value.mean * factor, stddev: value.stddev * factor, min: value.min * factor, max: value.max * factor };
}

function num(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(1);
  return value.toFixed(3);
}

/** Left-aligns text columns, right-aligns numeric ones. */
function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => (row[col] ?? '').length)));
  const numeric = rows[0].map((_, col) => rows.slice(1).every((row) => /^[-\d.%±\s]*$/.test(row[col] ?? '')));
  return rows.map((row) => row.map((cell, col) => (numeric[col] ? cell.padStart(widths[col]) : cell.padEnd(widths[col]))).join('  ').trimEnd());
}
