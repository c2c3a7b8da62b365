/**
 * `falcoRuleStudio/profile`: compiles the workspace's rules files as they are now and
 * profiles the whole rule set on a capture in the engine process; answers with every rule's
 * metrics and where the rule is written. Cancelling the request cancels the profile.
 * `falcoRuleStudio/exportProfile` writes the last profile's report files into a folder;
 * `falcoRuleStudio/lastProfile` hands the last report to the profile view.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { startProfile } from '../../features/profile';
import { writeDot } from '../../profile/dot';
import { writeFolded } from '../../profile/folded';
import { type ProfileReport } from '../../profile/report';
import type {
  ExportProfileMethod,
  ExportProfileParams,
  ExportProfileResult,
  LastProfileMethod,
  LastProfileResult,
  ProfileMethod,
  ProfileParams,
  ProfileResult,
} from '../../protocol';
import { type EngineHost } from '../engineHost';
import { type RulesLoader } from '../load';
import { type Session } from '../session';
import { checkCapture, toLocation } from './replay';

const PROFILE_REQUEST: ProfileMethod = 'falcoRuleStudio/profile';
const LAST_PROFILE_REQUEST: LastProfileMethod = 'falcoRuleStudio/lastProfile';
const EXPORT_PROFILE_REQUEST: ExportProfileMethod = 'falcoRuleStudio/exportProfile';
const DEFAULT_RUNS = 3;
const MAX_RUNS = 50;

export function registerProfile(connection: Connection, session: Session, loader: RulesLoader, engines: EngineHost): void {
  let lastReport: ProfileReport | undefined;
  connection.onRequest(PROFILE_REQUEST, async (params: ProfileParams, token): Promise<ProfileResult> => {
    checkCapture('profile', params?.capture);
    const runs = Math.max(1, Math.min(MAX_RUNS, Math.floor(params.runs ?? DEFAULT_RUNS)));
    const view = session.view();
    const nLoadErrors = loader.load(view.sources).problems.filter((problem) => problem.code.startsWith('LOAD_ERR_')).length;
    const ruleSet = loader.compiledRuleSet(view.sources);
    const run = startProfile(engines.client(), ruleSet, params.capture, { runs, ruleMatching: params.ruleMatching, enterEvents: params.enterEvents });
    const subscription = token.onCancellationRequested(() => run.cancel());
    try {
      const summary = await run.summary;
      lastReport = summary.report ?? lastReport;
      return {
        status: summary.status,
        message: summary.message,
        capture: params.capture,
        runs: summary.runs,
        events: summary.events,
        eventsMatched: summary.eventsMatched,
        rules: summary.rules.map((rule) => ({
          rule: rule.rule,
          location: toLocation(view.sources, rule.position),
          evaluations: rule.evaluations,
          matches: rule.matches,
          notMatched: rule.notMatched,
          matched: rule.matched,
        })),
        leftOut: summary.leftOut.map((entry) => ({ rule: entry.rule, message: entry.message, location: toLocation(view.sources, entry.position) })),
        nLoadErrors,
      };
    } finally {
      subscription.dispose();
    }
  });
  connection.onRequest(LAST_PROFILE_REQUEST, (): LastProfileResult => {
    if (lastReport === undefined) {
      throw new ResponseError(ErrorCodes.InvalidRequest, 'lastProfile: no profile has finished yet');
    }
    return { report: lastReport, folded: writeFolded(lastReport) };
  });
  connection.onRequest(EXPORT_PROFILE_REQUEST, (params: ExportProfileParams): ExportProfileResult => {
    if (lastReport === undefined) {
      throw new ResponseError(ErrorCodes.InvalidRequest, 'exportProfile: no profile has finished yet');
    }
    if (typeof params?.folder !== 'string' || !fs.existsSync(params.folder) || !fs.statSync(params.folder).isDirectory()) {
      throw new ResponseError(ErrorCodes.InvalidParams, `exportProfile: not a folder: ${String(params?.folder)}`);
    }
    // The same three files as `falco-studio profile --out`.
    const files = [
      [path.join(params.folder, 'profile.json'), `${JSON.stringify(lastReport, null, 1)}\n`],
      [path.join(params.folder, 'pipeline.dot'), writeDot(lastReport)],
      [path.join(params.folder, 'pipeline.folded'), writeFolded(lastReport)],
    ];
    for (const [file, text] of files) {
      fs.writeFileSync(file, text);
    }
    return { files: files.map(([file]) => file) };
  });
}
