/**
 * Replay for the editor: runs a compiled rule set over a capture in the engine process (the
 * `replay` job of `engine/`), collects the alerts (up to a limit, counts stay complete) and
 * the rules the engine left out, and says where each rule is written (file index in the
 * rule set's file order, 0-based line and column). It never loads the addon itself and
 * never throws for engine failures: the outcome says what happened.
 */
import { type CompiledRuleSet } from '../compile/format';
import { type EngineClient } from '../engine/client';
import { type ReplayJob, type ReplayProblem } from '../engine/jobs/replay';

/** A rule's place: `file` indexes `CompiledRuleSet.files`. */
export interface RulePosition {
  file: number;
  line: number;
  column: number;
}

export interface AlertRecord {
  rule: string;
  priority: string;
  source: string;
  output: string;
  evtNum: number;
  time: string;
  position?: RulePosition;
}

export interface ReplayReport {
  status: 'done' | 'error' | 'cancelled' | 'timeout' | 'hung' | 'crashed';
  message?: string;
  alerts: AlertRecord[];
  truncated: boolean;
  events: number;
  alertsByRule: Record<string, number>;
  leftOut: { rule: string; message: string; position?: RulePosition }[];
}

export interface ReplayRun {
  report: Promise<ReplayReport>;
  cancel(): void;
}

/** Starts a replay of `capture`; at most `maxAlerts` alerts are kept. */
export function startReplay(
  engine: EngineClient,
  ruleSet: CompiledRuleSet,
  capture: string,
  options: { ruleMatching?: 'first' | 'all'; enterEvents?: boolean },
  maxAlerts: number,
): ReplayRun {
  const positions = new Map(ruleSet.rules.map((rule) => [rule.name, rule.position]));
  const alerts: AlertRecord[] = [];
  let truncated = false;
  const job: ReplayJob = { kind: 'replay', capture, ruleSetJson: JSON.stringify(ruleSet), ruleMatching: options.ruleMatching, enterEvents: options.enterEvents };
  const handle = engine.run(job, {
    onResults: (items) => {
      for (const item of items) {
        const alert = item as { rule?: string; priority?: string; source?: string; output?: string; evt_num?: number; time?: string };
        if (typeof alert.rule !== 'string') {
          continue;
        }
        if (alerts.length >= maxAlerts) {
          truncated = true;
          continue;
        }
        alerts.push({
          rule: alert.rule,
          priority: alert.priority ?? '',
          source: alert.source ?? '',
          output: alert.output ?? '',
          evtNum: alert.evt_num ?? 0,
          time: alert.time ?? '',
          position: positions.get(alert.rule),
        });
      }
    },
  });
  const report = handle.result.then((outcome): ReplayReport => {
    const base = { alerts, truncated, events: 0, alertsByRule: countByRule(alerts), leftOut: [] };
    if (outcome.status !== 'done') {
      const where = outcome.status === 'error' && outcome.offset !== undefined ? ` (at byte offset ${outcome.offset}, after event ${outcome.eventsRead ?? 0})` : '';
      return { ...base, status: outcome.status, message: outcome.status === 'cancelled' ? 'The replay was cancelled.' : `${outcome.message}${where}` };
    }
    const summary = (outcome.summary.replay ?? {}) as { events?: number; alerts_by_rule?: Record<string, number> };
    const problems = (outcome.summary.problems ?? []) as ReplayProblem[];
    return {
      ...base,
      status: 'done',
      events: summary.events ?? outcome.summary.events,
      alertsByRule: summary.alerts_by_rule ?? base.alertsByRule,
      leftOut: problems.map((problem) => ({ rule: problem.rule, message: problem.message, position: problem.position })),
    };
  });
  return { report, cancel: () => handle.cancel() };
}

function countByRule(alerts: readonly AlertRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const alert of alerts) {
    counts[alert.rule] = (counts[alert.rule] ?? 0) + 1;
  }
  return counts;
}
