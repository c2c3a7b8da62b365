/**
 * `falco-studio profile` against replay on every shared capture with the official rules (and
 * our own rules, so the `matched` branch is exercised): per rule, evaluations and matches equal
 * replay's; percentiles are ordered; the rules' measured time fits in the rules stage; branch
 * counts add up to the loop's iterations (events read + the final end-of-file read). Then the
 * CLI contract: --out writes profile.json, pipeline.dot (rendered by `dot -Tsvg`) and
 * pipeline.folded (parsed line by line), --runs and --sample, and usage/capture errors.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { loadRulesFiles } from '../../../server/src/analysis';
import type { CompiledRuleSet } from '../../../server/src/compile/format';
import { EngineClient } from '../../../server/src/engine/client';
import { runProfile } from '../../../server/src/profile/engine';
import { parseFoldedLine } from '../../../server/src/profile/folded';
import { BRANCHES, STAGES } from '../../../server/src/profile/job';
import { buildProfileReport, type Latency, type ProfileReport } from '../../../server/src/profile/report';
import { packageRoot } from '../../../server/src/paths';

const root = packageRoot();
const cli = path.join(root, 'out', 'cli', 'main.js');
const capturesDir = path.join(root, 'test', 'fixtures', 'captures');
const captures = fs.readdirSync(capturesDir).filter((f) => f.endsWith('.scap')).sort();
const rulesDir = path.join(root, 'test', 'fixtures', 'rules');
const RULE_SETS: Record<string, string[]> = {
  official: ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => path.join(rulesDir, f)),
  own: [path.join(rulesDir, 'falco_rules.yaml'), path.join(rulesDir, 'own', 'own_rules.yaml')],
};

let client: EngineClient;
let tmp: string;
before(() => {
  client = new EngineClient({ timeoutMs: 120_000 });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'profile-test-'));
});
after(() => {
  client.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface ReplaySummary {
  events: number;
  alerts_by_rule: Record<string, number>;
  evaluations_by_rule: Record<string, number>;
}

async function replaySummary(capture: string, ruleSet: CompiledRuleSet): Promise<ReplaySummary> {
  const outcome = await client.run({ kind: 'replay', capture, ruleSetJson: JSON.stringify(ruleSet) }).result;
  assert.equal(outcome.status, 'done', JSON.stringify(outcome));
  return (outcome as unknown as { summary: { replay: ReplaySummary } }).summary.replay;
}

async function profile(capture: string, ruleSet: CompiledRuleSet, runs: number, sampleEvery: number): Promise<ProfileReport> {
  const outcome = await runProfile(client, { capture, ruleSetJson: JSON.stringify(ruleSet), runs, sampleEvery }).result;
  assert.equal(outcome.status, 'done', JSON.stringify(outcome));
  if (outcome.status !== 'done') throw new Error('unreachable');
  assert.equal(outcome.runs.length, runs);
  return buildProfileReport(outcome.runs, ruleSet, { capture, ruleMatching: 'first' });
}

function assertOrdered(latency: Latency, what: string, runs: number): void {
  const order = [latency.min_ns, latency.p50_ns, latency.p90_ns, latency.p99_ns, latency.max_ns].map((s) => s.mean);
  for (let i = 1; i < order.length; i++) assert.ok(order[i - 1] <= order[i] + 1e-6, `${what}: percentiles out of order ${order.join(' ')}`);
  if (latency.p50_cycles !== undefined && latency.p99_cycles !== undefined) assert.ok(latency.p50_cycles.mean <= latency.p99_cycles.mean + 1e-6, what);
  const bucketCount = latency.histogram.reduce((acc, bucket) => acc + bucket.count, 0);
  assert.equal(bucketCount, Math.round(latency.count.mean * runs), `${what}: histogram counts`);
}

/** The invariants every report must hold against its replay. */
function checkAgainstReplay(report: ProfileReport, replay: ReplaySummary, label: string): void {
  // 1. Counts per rule equal replay's.
  assert.equal(report.events.read, replay.events, label);
  assert.equal(report.rules.length, Object.keys(replay.evaluations_by_rule).length, label);
  for (const rule of report.rules) {
    assert.equal(rule.evaluations, replay.evaluations_by_rule[rule.name], `${label}: evaluations of ${rule.name}`);
    assert.equal(rule.matches, replay.alerts_by_rule[rule.name] ?? 0, `${label}: matches of ${rule.name}`);
    assert.ok(rule.file.endsWith('.yaml') && rule.line >= 0 && rule.column >= 0, `${label}: position of ${rule.name}`);
    assertOrdered(rule.not_matched, `${label}: ${rule.name} not matched`, report.runs);
    assertOrdered(rule.matched, `${label}: ${rule.name} matched`, report.runs);
    if (report.sample_every === 1) {
      assert.equal(rule.not_matched.count.mean + rule.matched.count.mean, rule.evaluations, `${label}: samples of ${rule.name}`);
      assert.equal(rule.matched.count.mean, rule.matches, `${label}: matched samples of ${rule.name}`);
    }
  }
  // 2. Branches add up to the loop's iterations: every read, including the final end of file.
  const branches = report.pipeline.branches;
  const iterations = BRANCHES.reduce((acc, branch) => acc + branches[branch].iterations, 0);
  assert.equal(iterations, report.pipeline.iterations, label);
  assert.equal(iterations, report.events.read + 1, label);
  assert.equal(branches.matched.iterations, report.events.matched, label);
  assert.equal(branches.no_match.iterations + branches.matched.iterations, report.events.delivered, label);
  // 3. Rules fit in the rules stage; stages fit in their iteration; percentiles ordered.
  const rulesStage = branches.no_match.stages.rules.total_ns.mean + branches.matched.stages.rules.total_ns.mean;
  const byRules = report.rules.reduce((acc, rule) => acc + rule.not_matched.total_ns.mean + rule.matched.total_ns.mean, 0);
  assert.ok(byRules <= rulesStage + 0.01 * (report.rules.length + 1), `${label}: rules ${byRules} ns > rules stage ${rulesStage} ns`);
  for (const branch of BRANCHES) {
    const stages = branches[branch].stages;
    for (const stage of STAGES) assertOrdered(stages[stage], `${label}: ${branch}/${stage}`, report.runs);
    const parts = stages.read.total_ns.mean + stages.rules.total_ns.mean + stages.output.total_ns.mean;
    assert.ok(parts <= stages.iteration.total_ns.mean + 0.01, `${label}: ${branch} stages exceed the iteration`);
    assert.ok(stages.decode.total_ns.mean + stages.state.total_ns.mean <= stages.read.total_ns.mean + 0.01, `${label}: ${branch} read`);
    if (report.sample_every === 1) assert.equal(branches[branch].measured, branches[branch].iterations, `${label}: ${branch} measured`);
  }
}

for (const [setName, files] of Object.entries(RULE_SETS)) {
  test(`profile agrees with replay on every shared capture (${setName} rules)`, { timeout: 120_000 }, async () => {
    const { ruleSet } = loadRulesFiles(files);
    assert.ok(ruleSet.rules.length > 20);
    let matchedSomewhere = false;
    for (const capture of captures) {
      const file = path.join(capturesDir, capture);
      const replay = await replaySummary(file, ruleSet);
      const report = await profile(file, ruleSet, 1, 1);
      checkAgainstReplay(report, replay, `${setName}/${capture}`);
      matchedSomewhere ||= report.pipeline.branches.matched.iterations > 0;
    }
    if (setName === 'own') assert.ok(matchedSomewhere, 'the own rules match on some capture');
  });
}

test('--runs and sampling: counts stay exact, spreads are reported, about 1 event in N is measured', { timeout: 60_000 }, async () => {
  const { ruleSet } = loadRulesFiles(RULE_SETS.own);
  const file = path.join(capturesDir, 'curl_google.scap');
  const replay = await replaySummary(file, ruleSet);
  const report = await profile(file, ruleSet, 3, 7);
  checkAgainstReplay(report, replay, 'sampled');
  assert.equal(report.runs, 3);
  assert.equal(report.sample_every, 7);
  const measured = BRANCHES.reduce((acc, branch) => acc + report.pipeline.branches[branch].measured, 0);
  const expected = report.pipeline.iterations / 7;
  assert.ok(measured > expected * 0.6 && measured < expected * 1.4, `${measured} measured of ${report.pipeline.iterations}`);
  assert.ok(report.run_ms.min <= report.run_ms.mean && report.run_ms.mean <= report.run_ms.max);
});

test('CLI: --out writes profile.json, a pipeline.dot that dot renders, and a parseable pipeline.folded', { timeout: 60_000 }, () => {
  const out = path.join(tmp, 'cli');
  const capture = path.join(capturesDir, 'curl_google.scap');
  const rules = RULE_SETS.own.flatMap((f) => ['-r', f]);
  const run = spawnSync(process.execPath, [cli, 'profile', capture, ...rules, '--runs', '2', '--out', out], { encoding: 'utf8' });
  const replay = spawnSync(process.execPath, [cli, 'replay', capture, ...rules, '--json'], { encoding: 'utf8' });
  assert.equal(run.status, replay.status, run.stderr);
  assert.match(run.stdout, /^share +rule +evals +matches/m);
  const report = JSON.parse(fs.readFileSync(path.join(out, 'profile.json'), 'utf8')) as ProfileReport;
  assert.equal(report.format, 'falco-studio-profile');
  assert.equal(report.version, 1);
  assert.equal(report.runs, 2);
  // pipeline.dot renders.
  const svg = spawnSync('dot', ['-Tsvg', path.join(out, 'pipeline.dot')], { encoding: 'utf8' });
  assert.equal(svg.status, 0, svg.stderr);
  assert.match(svg.stdout, /<svg/);
  assert.match(fs.readFileSync(path.join(out, 'pipeline.dot'), 'utf8'), /no_match: \d+/);
  // pipeline.folded parses line by line; its weights add up to the measured loop time.
  const folded = fs.readFileSync(path.join(out, 'pipeline.folded'), 'utf8').trimEnd().split('\n');
  let weight = 0;
  for (const line of folded) {
    const parsed = parseFoldedLine(line);
    assert.ok(parsed !== undefined, `not a folded line: ${line}`);
    assert.equal(parsed.frames[0], 'pipeline');
    weight += parsed.weight;
  }
  const loop = BRANCHES.reduce((acc, branch) => acc + report.pipeline.branches[branch].stages.iteration.total_ns.mean, 0);
  assert.ok(Math.abs(weight - loop) <= folded.length + loop * 0.001, `folded ${weight} vs loop ${loop}`);
  // --json prints the same document on stdout.
  const json = spawnSync(process.execPath, [cli, 'profile', capture, ...rules, '--json', '--sample', '3'], { encoding: 'utf8' });
  assert.equal((JSON.parse(json.stdout) as ProfileReport).sample_every, 3);
});

test('CLI: usage errors exit 2, an unreadable capture exits 1 with its path', () => {
  const rules = ['-r', RULE_SETS.own[0]];
  for (const args of [['--runs', '0'], ['--sample', 'x'], ['--all-events'], ['--runs']]) {
    const run = spawnSync(process.execPath, [cli, 'profile', path.join(capturesDir, 'syscall.scap'), ...rules, ...args], { encoding: 'utf8' });
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /^falco-studio profile: /);
  }
  const missing = path.join(tmp, 'missing.scap');
  const run = spawnSync(process.execPath, [cli, 'profile', missing, ...rules], { encoding: 'utf8' });
  assert.equal(run.status, 1);
  assert.ok(run.stderr.includes(missing), run.stderr);
});
