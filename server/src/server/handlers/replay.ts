/**
 * `falcoRuleStudio/replay`: compiles the workspace's rules files as they are now (open
 * texts included) and replays a capture in the engine process, one engine per server,
 * started on first use. Cancelling the request cancels the replay; an engine crash or hang
 * becomes the answer's `status`, never a server failure.
 */
import * as fs from 'fs';
import { type Connection, ResponseError, ErrorCodes } from 'vscode-languageserver/node';
import { startReplay, type RulePosition } from '../../features/replay';
import type { ReplayMethod, ReplayParams, ReplayResult, RuleLocation } from '../../protocol';
import { type EngineHost } from '../engineHost';
import { type RulesLoader } from '../load';
import { type Session } from '../session';
import { type RulesSource } from '../workspace';

const REPLAY_REQUEST: ReplayMethod = 'falcoRuleStudio/replay';

/** Alerts sent back at most per replay; the counts in `alertsByRule` stay complete. */
const MAX_REPLAY_ALERTS = 5000;

/** Registers the request. */
export function registerReplay(connection: Connection, session: Session, loader: RulesLoader, engines: EngineHost): void {
  connection.onRequest(REPLAY_REQUEST, async (params: ReplayParams, token): Promise<ReplayResult> => {
    // Step 1: check the arguments, precisely.
    checkCapture('replay', params?.capture);
    // Step 2: compile the current rules files.
    const view = session.view();
    const outcome = loader.load(view.sources);
    const nLoadErrors = outcome.problems.filter((problem) => problem.code.startsWith('LOAD_ERR_')).length;
    const ruleSet = loader.compiledRuleSet(view.sources);
    // Step 3: replay in the engine process.
    const run = startReplay(engines.client(), ruleSet, params.capture, { ruleMatching: params.ruleMatching, enterEvents: params.enterEvents }, MAX_REPLAY_ALERTS);
    const subscription = token.onCancellationRequested(() => run.cancel());
    try {
      const report = await run.report;
      const locate = (position: RulePosition | undefined): RuleLocation | undefined => toLocation(view.sources, position);
      return {
        status: report.status,
        message: report.message,
        capture: params.capture,
        alerts: report.alerts.map((alert) => ({ rule: alert.rule, priority: alert.priority, source: alert.source, output: alert.output, evtNum: alert.evtNum, time: alert.time, location: locate(alert.position) })),
        truncated: report.truncated,
        events: report.events,
        alertsByRule: report.alertsByRule,
        leftOut: report.leftOut.map((entry) => ({ rule: entry.rule, message: entry.message, location: locate(entry.position) })),
        nLoadErrors,
      };
    } finally {
      subscription.dispose();
    }
  });
}

/** Throws a precise request error unless `capture` names a readable file. */
export function checkCapture(request: string, capture: unknown): void {
  if (typeof capture !== 'string' || capture === '') {
    throw new ResponseError(ErrorCodes.InvalidParams, `${request}: no capture file given`);
  }
  if (!fs.existsSync(capture) || !fs.statSync(capture).isFile()) {
    throw new ResponseError(ErrorCodes.InvalidParams, `${request}: cannot read capture file ${capture}`);
  }
}

/** The rule set's files are the snapshot's source names, in the same order. */
export function toLocation(sources: readonly RulesSource[], position: RulePosition | undefined): RuleLocation | undefined {
  const source = position === undefined ? undefined : sources[position.file];
  return source === undefined || position === undefined ? undefined : { uri: source.uri, line: position.line, character: position.column };
}
