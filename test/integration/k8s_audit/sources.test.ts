/**
 * Several event sources in one replay: a syscall capture and Kubernetes audit files run as
 * separate partitions (each with its own rules) and their alerts come out merged in time
 * order. Audit events are timed between the capture's alerts, so the merge must interleave
 * them; the capture's alerts are the same as when it is replayed alone; the summary adds
 * per-source and per-input counts to the totals.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { type Alert, officialRules, replay, root, traces } from './run';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-audit-sources-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const capture = path.join(root, 'test', 'fixtures', 'captures', 'cat_write.scap');
const syscallRules = path.join(root, 'test', 'fixtures', 'rules', 'own', 'falco_tests_rules.yaml');
const syscallOnly = ['--disable-rule', 'detect_*'];

function isoToNs(iso: string): bigint {
  const [seconds, fraction] = iso.replace('Z', '').split('.');
  return BigInt(Date.parse(`${seconds}Z`)) * 1000000n + BigInt((fraction ?? '').padEnd(9, '0'));
}

function nsToIso(ns: bigint): string {
  const seconds = new Date(Number(ns / 1000000000n) * 1000).toISOString().slice(0, 19);
  return `${seconds}.${String(ns % 1000000000n).padStart(9, '0')}Z`;
}

/** A JSON-lines audit file of "secret created" events at the given times. */
function auditAt(name: string, times: bigint[]): string {
  const secret = JSON.parse(fs.readFileSync(path.join(traces, 'create_secret.json'), 'utf8')) as Record<string, unknown>;
  const file = path.join(tmp, name);
  fs.writeFileSync(file, times.map((ns) => JSON.stringify({ ...secret, stageTimestamp: nsToIso(ns) })).join('\n'));
  return file;
}

const strip = (alert: Alert): Omit<Alert, 'input'> => {
  const rest: Partial<Alert> = { ...alert };
  delete rest.input;
  return rest as Omit<Alert, 'input'>;
};

describe('replay with several event sources', () => {
  const alone = replay([capture], [syscallRules], syscallOnly);
  const times = alone.alerts.map((a) => isoToNs(a.time));

  it('merges audit alerts between the capture alerts, in time order', () => {
    assert.equal(alone.status, 0, alone.stderr);
    assert.equal(times.length, 4, 'Open From Cat fires 4 times on cat_write.scap');
    assert.deepEqual(alone.summary?.sources?.syscall, { events: alone.summary?.events, events_delivered: 42, events_matched: 4, alerts: 4 });
    // Before the first, between the second and third, at the third (a tie), after the last.
    const audit = auditAt('secrets.jsonl', [times[0] - 1000n, times[1] + 1n, times[2], times[3] + 5000000000n]);
    const run = replay([capture, audit], [syscallRules, officialRules.k8sAudit], syscallOnly);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.alerts.map((a) => a.source), ['k8s_audit', 'syscall', 'syscall', 'k8s_audit', 'syscall', 'k8s_audit', 'syscall', 'k8s_audit']);
    assert.deepEqual(run.alerts.map((a) => a.input), [audit, capture, capture, audit, capture, audit, capture, audit]);
    const merged = run.alerts.map((a) => isoToNs(a.time));
    assert.ok(merged.every((t, i) => i === 0 || merged[i - 1] <= t), 'alerts in time order');
    // Each partition is unchanged by the other.
    assert.deepEqual(run.alerts.filter((a) => a.source === 'syscall').map(strip), alone.alerts);
    assert.deepEqual(run.alerts.filter((a) => a.source === 'k8s_audit').map((a) => [a.evt_num, a.rule]),
      [[1, 'K8s Secret Created'], [2, 'K8s Secret Created'], [3, 'K8s Secret Created'], [4, 'K8s Secret Created']]);
    // Totals, then per source and per input.
    const summary = run.summary;
    assert.ok(summary !== undefined);
    assert.equal(summary.events, (alone.summary?.events ?? 0) + 4);
    assert.deepEqual(summary.alerts_by_rule, { 'Open From Cat': 4, 'K8s Secret Created': 4 });
    assert.deepEqual(Object.keys(summary.sources ?? {}), ['syscall', 'k8s_audit']);
    assert.equal(summary.sources?.k8s_audit.alerts, 4);
    assert.deepEqual(summary.inputs?.map((i) => [i.source, i.events, i.alerts]), [['syscall', alone.summary?.events, 4], ['k8s_audit', 4, 4]]);
  });

  it('runs audit files alone, or two of them, each numbering its events from 1', () => {
    const first = auditAt('a.jsonl', [times[0], times[0] + 10n]);
    const second = auditAt('b.jsonl', [times[0] + 5n]);
    const run = replay([first, second], [officialRules.syscall, officialRules.k8sAudit]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.alerts.map((a) => [path.basename(a.input ?? ''), a.evt_num]), [['a.jsonl', 1], ['b.jsonl', 1], ['a.jsonl', 2]]);
    assert.deepEqual(run.summary?.sources, { k8s_audit: { events: 3, events_delivered: 3, events_matched: 3, alerts: 3 } });
  });

  it('refuses two captures, and stops on the first failing input', () => {
    const twoCaptures = replay([capture, capture], [syscallRules]);
    assert.equal(twoCaptures.status, 2);
    assert.match(twoCaptures.stderr, /at most one capture/);
    const broken = path.join(tmp, 'broken.json');
    fs.writeFileSync(broken, '{"kind": "Event"');
    const run = replay([capture, broken], [syscallRules, officialRules.k8sAudit], syscallOnly);
    assert.equal(run.status, 1);
    assert.match(run.stderr, new RegExp(`${broken.replace(/[.]/g, '\\.')} at byte offset 16 .*line 1, column 17: malformed JSON`));
  });

  it('reports a k8s_audit rule the engine cannot build, with its position, and runs the others', () => {
    const rules = path.join(tmp, 'unbuildable.yaml');
    fs.writeFileSync(rules, [
      '- rule: uses a field the engine does not extract',
      '  desc: ka.cluster.name has no extractor',
      '  condition: ka.cluster.name = prod',
      '  output: "%ka.verb"',
      '  priority: INFO',
      '  source: k8s_audit',
      '- rule: every event',
      '  desc: always',
      '  condition: jevt.rawtime exists',
      '  output: "%ka.verb"',
      '  priority: INFO',
      '  source: k8s_audit',
      '',
    ].join('\n'));
    const run = replay([capture, path.join(traces, 'create_secret.json')], [syscallRules, rules], syscallOnly);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /unbuildable\.yaml:3:14: error rule 'uses a field the engine does not extract' left out of the replay: .*ka\.cluster\.name/);
    assert.deepEqual(run.alerts.filter((a) => a.source === 'k8s_audit').map((a) => [a.rule, a.output_text]), [['every event', 'create']]);
  });
});
