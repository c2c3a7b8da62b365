/**
 * pipeline.dot: the engine's loop as a Graphviz digraph. Stages are nodes labelled with their
 * latency (mean per call, p50, p99, total share of the measured loop time); edges carry the
 * number of iterations that took them, so the branch counts (no_event / no_match / matched)
 * are on the edges leaving `read` and `output`. Dashed edges are calls (read calls decode and
 * state; when only some reads are split, their share is of the whole read time). Render with
 * `dot -Tsvg pipeline.dot`. It does not run Graphviz.
 */
import { splitRead } from './folded';
import { BRANCHES, type BranchName, type StageName } from './job';
import type { Latency, ProfileReport } from './report';
import { type Spread } from './stats';

/** The DOT text (with a trailing newline). */
export function writeDot(report: ProfileReport): string {
  const branches = report.pipeline.branches;
  const loopNs = BRANCHES.reduce((acc, branch) => acc + branches[branch].stages.iteration.total_ns.mean, 0);
  // Stages over all branches: counts and totals add up, percentiles come from the busiest branch.
  const node = (id: string, title: string, stage: StageName, only?: BranchName[]): string => {
    const used = (only ?? [...BRANCHES]).filter((branch) => branches[branch].stages[stage].count.mean > 0);
    const calls = used.reduce((acc, branch) => acc + branches[branch].stages[stage].count.mean, 0);
    const totalNs = used.reduce((acc, branch) => acc + branches[branch].stages[stage].total_ns.mean, 0);
    // Decode and state may be timed on some reads only: their share is of the whole read time.
    const shareNs = used.reduce((acc, branch) => {
      if (stage === 'decode') return acc + splitRead(branches[branch]).decodeNs;
      if (stage === 'state') return acc + splitRead(branches[branch]).stateNs;
      return acc + branches[branch].stages[stage].total_ns.mean;
    }, 0);
    const lines = [title];
    if (calls > 0) {
      const busiest = used.reduce((a, b) => (branches[a].stages[stage].count.mean >= branches[b].stages[stage].count.mean ? a : b));
      const latency: Latency = branches[busiest].stages[stage];
      lines.push(`mean ${fmt(totalNs / calls)} ns`);
      lines.push(`p50 ${fmt(latency.p50_ns.mean)} / p99 ${fmt(latency.p99_ns.mean)} ns (${busiest})`);
      lines.push(`${loopNs > 0 ? ((100 * shareNs) / loopNs).toFixed(1) : '0.0'} % of loop time`);
    } else {
      lines.push('not reached');
    }
    return `  ${id} [label=${quote(lines.join('\n'))}];`;
  };
  const count = (branch: BranchName): number => branches[branch].iterations;
  const delivered = count('no_match') + count('matched');
  const out = [
    'digraph pipeline {',
    '  rankdir=TB;',
    '  node [shape=box, fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
    `  label=${quote(`falco-studio profile: ${report.capture} (${report.runs} run(s), sample 1/${report.sample_every}, ${report.pipeline.iterations} iterations)`)};`,
    node('iteration', 'loop iteration', 'iteration'),
    node('read', 'read (inspector::next)', 'read'),
    node('decode', 'read and decode', 'decode'),
    node('state', 'state update', 'state'),
    node('rules', 'rule set run', 'rules', ['no_match', 'matched']),
    node('output', 'output formatting', 'output', ['no_match', 'matched']),
    '  no_event [shape=ellipse, label="no event"];',
    '  no_match [shape=ellipse, label="no rule matched"];',
    '  matched [shape=ellipse, label="rules matched"];',
    `  iteration -> read [label=${quote(`${report.pipeline.iterations}`)}];`,
    '  read -> decode [style=dashed, label="calls"];',
    '  read -> state [style=dashed, label="calls"];',
    `  read -> no_event [label=${quote(`no_event: ${count('no_event')}`)}];`,
    `  read -> rules [label=${quote(`delivered: ${delivered}`)}];`,
    `  rules -> output [label=${quote(`${delivered}`)}];`,
    `  output -> no_match [label=${quote(`no_match: ${count('no_match')}`)}];`,
    `  output -> matched [label=${quote(`matched: ${count('matched')}`)}];`,
    '}',
  ];
  return `${out.join('\n')}\n`;
}

function fmt(ns: number | Spread): string {
  const value = typeof ns === 'number' ? ns : ns.mean;
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

/** A DOT double-quoted string; `\n` becomes a centred line break. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
