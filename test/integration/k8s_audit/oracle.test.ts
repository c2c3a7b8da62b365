/**
 * Falco's own expectations on the k8s audit trace files (test/fixtures/k8s_audit/oracle,
 * transcribed from Falco's regression suite; provenance in its README): for each case, the
 * exact alert count of each named rule and an alert at the expected priority, or no alert
 * at all. Cases that share rules files run as one `replay` with every trace as an input, so
 * this also checks that several audit inputs stay apart (alerts carry their `input`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { type Alert, extraRules, officialRules, replay, root, traces } from './run';

interface OracleCase {
  name: string;
  trace: string;
  rules: string[];
  detect: boolean;
  detect_level?: string;
  detect_counts?: Record<string, number>;
  stderr_contains?: string;
}

const oracle = JSON.parse(fs.readFileSync(path.join(root, 'test', 'fixtures', 'k8s_audit', 'oracle', 'falco-k8s-audit-tests.json'), 'utf8')) as { cases: OracleCase[] };

function rulesPath(name: string): string {
  if (name === 'falco_rules.yaml') return officialRules.syscall;
  if (name === 'k8s_audit_rules.yaml') return officialRules.k8sAudit;
  return path.join(extraRules, name);
}

/** Falco's priority words (WARNING, INFO) against ours (Warning, Informational). */
function samePriority(falco: string, ours: string): boolean {
  const normal = (p: string): string => (p.toUpperCase() === 'INFO' ? 'INFORMATIONAL' : p.toUpperCase());
  return normal(falco) === normal(ours);
}

function check(test: OracleCase, alerts: Alert[]): void {
  if (!test.detect) {
    assert.deepEqual(alerts.map((a) => a.rule), [], `${test.name}: no alert expected`);
    return;
  }
  for (const [rule, count] of Object.entries(test.detect_counts ?? {})) {
    assert.equal(alerts.filter((a) => a.rule === rule).length, count, `${test.name}: alerts of '${rule}'`);
  }
  assert.ok(alerts.some((a) => samePriority(test.detect_level ?? '', a.priority)), `${test.name}: an alert at ${test.detect_level}`);
}

describe('Falco regression expectations on k8s audit trace files', () => {
  const good = oracle.cases.filter((c) => c.stderr_contains === undefined);
  const groups = new Map<string, OracleCase[]>();
  for (const test of good) groups.set(test.rules.join(' '), [...(groups.get(test.rules.join(' ')) ?? []), test]);

  it('covers the trace files', () => {
    assert.equal(oracle.cases.length, 29);
    const used = new Set(oracle.cases.map((c) => c.trace));
    assert.deepEqual(fs.readdirSync(traces).filter((f) => !used.has(f)), []);
  });

  for (const [rules, cases] of groups) {
    it(`rules ${rules}: ${cases.map((c) => c.name).join(', ')}`, () => {
      // One run per rules combination; a trace shared by two cases of a group runs once.
      const inputs = [...new Set(cases.map((c) => path.join(traces, c.trace)))];
      const run = replay(inputs, cases[0].rules.map(rulesPath));
      assert.equal(run.status, 0, run.stderr);
      for (const alert of run.alerts) {
        assert.equal(alert.source, 'k8s_audit');
        if (inputs.length > 1) assert.ok(alert.input !== undefined && inputs.includes(alert.input), 'alert without its input');
      }
      for (const test of cases) {
        const file = path.join(traces, test.trace);
        check(test, run.alerts.filter((a) => inputs.length === 1 || a.input === file));
      }
      const perInput = run.summary?.inputs ?? [];
      assert.equal(perInput.length, inputs.length);
      assert.equal(perInput.reduce((n, i) => n + i.alerts, 0), run.alerts.length);
    });
  }

  for (const test of oracle.cases.filter((c) => c.stderr_contains !== undefined)) {
    it(`${test.name}: fails with Falco's message and a position`, () => {
      const run = replay([path.join(traces, test.trace)], test.rules.map(rulesPath));
      assert.equal(run.status, 1);
      assert.equal(run.alerts.length, 0);
      assert.ok(run.stderr.includes(test.stderr_contains ?? ''), run.stderr);
      assert.match(run.stderr, /line 1, column 1/);
    });
  }
});
