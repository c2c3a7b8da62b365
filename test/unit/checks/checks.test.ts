/**
 * Per-check passes on single condition checks (the golden corpus covers them in files):
 * one assertion table per check, through `checkConditionCheck` and `checkOutput`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCondition, type CheckExpr } from '../../../server/src/condition';
import { checkConditionCheck } from '../../../server/src/checks/conditionChecks';
import { checkOutput } from '../../../server/src/checks/outputFormat';
import { loadFieldCatalog } from '../../../server/src/fields';

function findings(condition: string, source = 'syscall'): string[] {
  const expr = parseCondition(condition).expr;
  assert.ok(expr !== undefined && expr.kind === 'check', condition);
  return checkConditionCheck(expr as CheckExpr, { source, catalog: loadFieldCatalog() }).map((finding) => `${finding.code} ${finding.message} @${finding.range.start}`);
}

test('clean checks give nothing', () => {
  for (const condition of ['proc.name = cat', 'proc.pid > 1', 'evt.type in (open, close)', 'fd.sip = 127.0.0.1', 'tolower(proc.name) = cat']) {
    assert.deepEqual(findings(condition), [], condition);
  }
});

test('errors: unknown field, operator type, event names, hex', () => {
  assert.deepEqual(findings('proc.nme = x'), ['LOAD_ERR_COMPILE_CONDITION filter_check called with nonexistent field proc.nme @0']);
  assert.deepEqual(findings('proc.pid contains 1'), ["LOAD_ERR_COMPILE_CONDITION 'contains' operator not supported for numeric filters @9"]);
  assert.deepEqual(findings('evt.type in (open, nope)'), ['LOAD_ERR_COMPILE_CONDITION unknown event type nope @19']);
  assert.deepEqual(findings('evt.buffer bcontains 0g'), ["LOAD_ERR_COMPILE_CONDITION filter value '0g' is not a valid hex string for 'bcontains' @21"]);
  assert.deepEqual(findings('ka.verb = get'), ['LOAD_ERR_COMPILE_CONDITION filter_check called with nonexistent field ka.verb @0']);
});

test('warnings: unsafe <NA>, deprecated fields, compiler hints', () => {
  assert.deepEqual(findings('ka.user.name = "<NA>"', 'k8s_audit'), ['LOAD_UNSAFE_NA_CHECK  @15']);
  assert.deepEqual(findings('evt.dir = <'), ["LOAD_DEPRECATED_ITEM The 'evt.dir' field is deprecated and will be removed in a future release. @0"]);
  assert.deepEqual(findings('proc.name regex "ab.*"'), ["LOAD_COMPILE_CONDITION 'regex' operator with value 'ab.*' can be replaced by the faster 'startswith' operator @16"]);
  assert.deepEqual(findings('proc.name regex "a[bc]"'), []);
  assert.deepEqual(findings('proc.name = proc.pname'), ["LOAD_COMPILE_CONDITION string value 'proc.pname' may be a valid field misused as a const string value @12"]);
});

test('outputs: unknown field, container.info, deprecated fields', () => {
  const env = { source: 'syscall', catalog: loadFieldCatalog() };
  assert.deepEqual(checkOutput('a %proc.name b', env).findings, []);
  assert.equal(checkOutput('a %proc.nme', env).findings[0].code, 'LOAD_ERR_COMPILE_OUTPUT');
  const info = checkOutput('x %container.info y %proc.name', env);
  assert.deepEqual(info.findings.map((finding) => [finding.code, finding.range.start]), [['LOAD_DEPRECATED_ITEM', 2]]);
  assert.equal(info.text, 'x  y %proc.name');
  assert.equal(checkOutput('lat=%evt.latency', env).findings[0].code, 'LOAD_DEPRECATED_ITEM');
});
