/**
 * `falcoRuleStudio/replay` and `falcoRuleStudio/profile` over stdio: the workspace's rules files (official + the project's
 * own rules) are compiled from their current texts and replayed on a real capture in the
 * engine process; alerts carry the event number and where their rule is written. Bad
 * captures are answers, not server failures.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../../server/src/paths';
import type {
  ExportProfileMethod,
  ExportProfileResult,
  LastProfileMethod,
  LastProfileResult,
  ProfileMethod,
  ProfileResult,
  ReplayMethod,
  ReplayResult,
} from '../../../server/src/protocol';
import { startServer, type LspSession } from './support';

const OWN_RULES = fs.readFileSync(path.join(packageRoot(), 'test', 'fixtures', 'rules', 'own', 'own_rules.yaml'), 'utf8');
const CAPTURE = path.join(packageRoot(), 'test', 'fixtures', 'captures', 'cat_write.scap');

const REPLAY_REQUEST: ReplayMethod = 'falcoRuleStudio/replay';
const PROFILE_REQUEST: ProfileMethod = 'falcoRuleStudio/profile';
const LAST_PROFILE_REQUEST: LastProfileMethod = 'falcoRuleStudio/lastProfile';
const EXPORT_PROFILE_REQUEST: ExportProfileMethod = 'falcoRuleStudio/exportProfile';

let session: LspSession;

before(async () => {
  session = await startServer({ 'own_rules.yaml': OWN_RULES, 'not_a_capture.scap': 'this is text, not a capture\n' });
});

after(async () => {
  await session.close();
});

test('before any profile, the profile view and the export have nothing to show', async () => {
  await assert.rejects(session.connection.sendRequest(LAST_PROFILE_REQUEST), /no profile has finished yet/);
  await assert.rejects(session.connection.sendRequest(EXPORT_PROFILE_REQUEST, { folder: session.folder }), /no profile has finished yet/);
});

test('replay of cat_write.scap: alerts with event numbers and rule locations', { timeout: 60_000 }, async () => {
  const result = await session.connection.sendRequest<ReplayResult>(REPLAY_REQUEST, { capture: CAPTURE });
  assert.equal(result.status, 'done', result.message);
  assert.equal(result.events, 345);
  assert.equal(result.alertsByRule['Own open by cat'], 4);
  const alert = result.alerts.find((candidate) => candidate.evtNum === 197);
  assert.ok(alert, JSON.stringify(result.alerts.map((candidate) => candidate.evtNum)));
  assert.equal(alert.rule, 'Own open by cat');
  assert.match(alert.output, /cat opened \/dev\/null/);
  const location = alert.location;
  assert.ok(location !== undefined && location.uri.endsWith('/own_rules.yaml'), JSON.stringify(location));
  const line = OWN_RULES.split('\n')[location.line];
  assert.equal(line.slice(location.character), 'Own open by cat');
  // evt.rawarg.NAME is extractable since the engine reads the parameter by its schema type.
  assert.deepEqual(result.leftOut.filter((entry) => entry.rule === 'Own writes'), []);
  assert.equal(result.nLoadErrors, 0);
});

test('the replay uses the open text, not the file on disk', { timeout: 60_000 }, async () => {
  await session.open('own_rules.yaml', OWN_RULES.replace('- rule: Own open by cat', '- rule: Own open by cat, edited'));
  const result = await session.connection.sendRequest<ReplayResult>(REPLAY_REQUEST, { capture: CAPTURE });
  assert.equal(result.alertsByRule['Own open by cat, edited'], 4);
  assert.equal(result.alertsByRule['Own open by cat'], undefined);
});

test('a file that is not a capture: an error status with the reason; a missing file: a request error', { timeout: 60_000 }, async () => {
  const result = await session.connection.sendRequest<ReplayResult>(REPLAY_REQUEST, { capture: path.join(session.folder, 'not_a_capture.scap') });
  assert.equal(result.status, 'error');
  assert.ok((result.message ?? '').length > 0);
  await assert.rejects(session.connection.sendRequest(REPLAY_REQUEST, { capture: path.join(session.folder, 'missing.scap') }), /cannot read capture file/);
});

test('profile of cat_write.scap: every rule with evaluations, matches and latency by branch', { timeout: 60_000 }, async () => {
  const result = await session.connection.sendRequest<ProfileResult>(PROFILE_REQUEST, { capture: CAPTURE, runs: 2 });
  assert.equal(result.status, 'done', result.message);
  assert.equal(result.runs, 2);
  assert.equal(result.events, 345);
  const rule = result.rules.find((candidate) => candidate.rule === 'Own open by cat, edited');
  assert.ok(rule, result.rules.map((candidate) => candidate.rule).join(', '));
  assert.equal(rule.matches, 4);
  assert.ok(rule.evaluations >= rule.matches);
  assert.ok(rule.matched.count > 0 && rule.matched.p50Ns > 0 && rule.matched.p99Ns >= rule.matched.p50Ns, JSON.stringify(rule.matched));
  assert.ok(rule.location !== undefined && rule.location.uri.endsWith('/own_rules.yaml'));
  await assert.rejects(session.connection.sendRequest(PROFILE_REQUEST, { capture: '' }), /no capture file given/);

  // The profile view gets the whole report and its folded stacks.
  const last = await session.connection.sendRequest<LastProfileResult>(LAST_PROFILE_REQUEST);
  assert.equal((last.report as { format: string }).format, 'falco-studio-profile');
  assert.match(last.folded, /^pipeline;/m);

  // The last profile exports as the CLI's three files.
  const folder = fs.mkdtempSync(path.join(session.folder, 'export-'));
  const exported = await session.connection.sendRequest<ExportProfileResult>(EXPORT_PROFILE_REQUEST, { folder });
  assert.deepEqual(exported.files.map((file) => path.basename(file)), ['profile.json', 'pipeline.dot', 'pipeline.folded']);
  const report = JSON.parse(fs.readFileSync(exported.files[0], 'utf8')) as { format: string; runs: number };
  assert.equal(report.format, 'falco-studio-profile');
  assert.equal(report.runs, 2);
  assert.match(fs.readFileSync(exported.files[1], 'utf8'), /digraph/);
  assert.match(fs.readFileSync(exported.files[2], 'utf8'), /^\S.* \d+$/m);
  await assert.rejects(session.connection.sendRequest(EXPORT_PROFILE_REQUEST, { folder: path.join(folder, 'missing') }), /not a folder/);
});
