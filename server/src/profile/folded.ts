/**
 * pipeline.folded: folded stacks (`frame;frame;frame weight`, one per line) for flame-graph
 * tools, weights in ns (mean per run, rounded). Stacks follow how the loop calls its stages,
 * under the iteration's branch:
 *   pipeline;<branch>;read;decode   pipeline;<branch>;read;state   pipeline;<branch>;output
 *   pipeline;<branch>               (the iteration's own time between stages)
 * The rules stage of both delivered branches is one frame, `pipeline;rules`, split by rule
 * (`pipeline;rules;<rule>;not_matched|matched`): a rule's evaluations are timed per rule, not
 * per event branch. `;` in rule names becomes `:`. When only some reads were split into decode
 * and state (`pipeline.split_every` > 1), the read's time is divided in their proportion.
 * It does not render anything.
 */
import { BRANCHES } from './job';
import type { BranchProfile, Latency, ProfileReport } from './report';

/** The folded-stacks text (with a trailing newline). */
export function writeFolded(report: ProfileReport): string {
  const lines: string[] = [];
  const add = (stack: string[], ns: number): void => {
    const weight = Math.round(ns);
    if (weight > 0) lines.push(`${stack.map(frameName).join(';')} ${weight}`);
  };
  const total = (latency: Latency): number => latency.total_ns.mean;
  let rulesStage = 0;
  // 1. Branch by branch: read (decode, state), output, and the iteration's own time.
  for (const branch of BRANCHES) {
    const stages = report.pipeline.branches[branch].stages;
    const split = splitRead(report.pipeline.branches[branch]);
    add(['pipeline', branch, 'read', 'decode'], split.decodeNs);
    add(['pipeline', branch, 'read', 'state'], split.stateNs);
    add(['pipeline', branch, 'read'], total(stages.read) - split.decodeNs - split.stateNs);
    add(['pipeline', branch, 'output'], total(stages.output));
    add(['pipeline', branch], total(stages.iteration) - total(stages.read) - total(stages.rules) - total(stages.output));
    rulesStage += total(stages.rules);
  }
  // 2. The rules stage, rule by rule.
  let byRules = 0;
  for (const rule of report.rules) {
    add(['pipeline', 'rules', rule.name, 'not_matched'], total(rule.not_matched));
    add(['pipeline', 'rules', rule.name, 'matched'], total(rule.matched));
    byRules += total(rule.not_matched) + total(rule.matched);
  }
  add(['pipeline', 'rules'], rulesStage - byRules);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * A branch's read time divided into decode and state. Every read split: their totals as they
 * are (they tile the read). Some reads split: the read's total in the split reads' proportion.
 */
export function splitRead(branch: BranchProfile): { decodeNs: number; stateNs: number } {
  const { read, decode, state } = branch.stages;
  const decodeNs = decode.total_ns.mean;
  const stateNs = state.total_ns.mean;
  if (decode.count.mean >= read.count.mean || decodeNs + stateNs <= 0) return { decodeNs, stateNs };
  const readNs = read.total_ns.mean;
  return { decodeNs: (readNs * decodeNs) / (decodeNs + stateNs), stateNs: (readNs * stateNs) / (decodeNs + stateNs) };
}

/** A frame name without the format's separators. */
function frameName(name: string): string {
  return name.replace(/;/g, ':').replace(/[\r\n]+/g, ' ');
}

/** Parses one folded line into frames and weight; undefined when it is not one. */
export function parseFoldedLine(line: string): { frames: string[]; weight: number } | undefined {
  const match = /^(.+) (\d+)$/.exec(line);
  if (match === null) return undefined;
  const frames = match[1].split(';');
  if (frames.some((frame) => frame === '')) return undefined;
  return { frames, weight: Number(match[2]) };
}
