/**
 * The official rules files (copied unchanged into test/fixtures/rules) load with zero errors:
 * the three syscall files together in Falco's order, each alone, and each plugin file with
 * its source's fields. Every warning they get is asserted here with the reason it is right.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { loadRules, type LoadOutcome } from '../../../server/src/compile/load';
import { isErrorCode } from '../../../server/src/rules/loadCodes';
import { packageRoot } from '../../../server/src/paths';

const fixtures = path.join(packageRoot(), 'test', 'fixtures', 'rules');

function load(...names: string[]): LoadOutcome {
  const files = names.map((name) => ({ name, text: fs.readFileSync(path.join(fixtures, name), 'utf8') }));
  return loadRules(files, { compileEachFile: true });
}

function summary(outcome: LoadOutcome): string[] {
  return outcome.problems.map((problem) => `${problem.code} ${problem.itemName}: ${problem.message}`);
}

test('falco_rules, incubating and sandbox load together with no error and no warning', () => {
  const outcome = load('falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml');
  assert.deepEqual(summary(outcome), []);
  assert.ok(outcome.results.every((result) => result.successful));
  // Every rule compiles; none is skipped (all are syscall rules).
  assert.ok(outcome.compiled.rules.length > 80);
  assert.ok(outcome.compiled.rules.every((rule) => rule.status === 'ok'));
});

for (const name of ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml']) {
  test(`${name} alone loads with no error and no warning`, () => {
    // Each file is self-contained: every macro and list it uses is defined in it, and
    // every macro and list it defines is used by one of its rules.
    assert.deepEqual(summary(load(name)), []);
  });
}

test('falco-deprecated_rules alone: no error; evt.dir is deprecated since Falco 0.42', () => {
  const outcome = load('falco-deprecated_rules.yaml');
  assert.equal(outcome.problems.filter((problem) => isErrorCode(problem.code)).length, 0);
  // Its two network rules test `evt.dir = <` in their macros' expansion (three places).
  assert.deepEqual(
    [...new Set(summary(outcome))].sort(),
    [
      "LOAD_DEPRECATED_ITEM Disallowed SSH Connection: The 'evt.dir' field is deprecated and will be removed in a future release.",
      "LOAD_DEPRECATED_ITEM Unexpected outbound connection destination: The 'evt.dir' field is deprecated and will be removed in a future release.",
    ],
  );
});

for (const name of ['aws_cloudtrail_rules.yaml', 'gcp_auditlog_rules.yaml', 'github_rules.yaml', 'k8s_audit_rules.yaml', 'okta_rules.yaml']) {
  test(`plugins/${name} alone loads with no error and no warning`, () => {
    const outcome = load(`plugins/${name}`);
    assert.deepEqual(summary(outcome), []);
    // Plugin rules are not syscall rules: they are indexed under "all".
    assert.ok(outcome.compiled.rules.every((rule) => rule.status === 'ok' && rule.eventSet === undefined));
  });
}

test('plugins/k8s_audit_rules_gke needs k8s_audit_rules first, as in Falco', () => {
  // Alone, its appends and overrides have nothing to extend: Falco reports the first one.
  const alone = load('plugins/k8s_audit_rules_gke.yaml');
  assert.equal(alone.results[0].successful, false);
  assert.match(alone.results[0].errors[0].message, /^Rule uses 'append' or 'override.<key>: append' but no rule by that name already exists$/);
  // After the file it extends, it loads cleanly.
  assert.deepEqual(summary(load('plugins/k8s_audit_rules.yaml', 'plugins/k8s_audit_rules_gke.yaml')), []);
});
