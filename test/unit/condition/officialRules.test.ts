/**
 * Every macro and rule condition of the official rules files (test/fixtures/rules, copied
 * unchanged from Falco) parses as-is with no error, and its canonical print re-parses to
 * the same tree. List names inside `( )` parse as plain strings, as in Falco before list
 * substitution, so no expansion is needed here.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { parseCondition, printExpr } from '../../../server/src/condition';
import { officialRulesFiles, sexpr } from './check';

interface Item {
  rule?: string;
  macro?: string;
  condition?: unknown;
}

function conditionsOf(file: string): { name: string; condition: string }[] {
  const items = (parseYaml(fs.readFileSync(file, 'utf8')) ?? []) as Item[];
  return items
    .filter((item) => item.condition !== undefined && item.condition !== null)
    .map((item) => ({ name: item.rule ?? item.macro ?? '?', condition: String(item.condition) }));
}

test('every condition of the official rules files parses without error', () => {
  const files = officialRulesFiles();
  assert.ok(files.length >= 10, 'official rules fixtures are missing');
  let nConditions = 0;
  for (const file of files) {
    for (const { name, condition } of conditionsOf(file)) {
      nConditions++;
      const res = parseCondition(condition);
      assert.deepEqual(res.errors, [], `${path.basename(file)}: ${name}`);
      assert.ok(res.expr !== undefined);
      const printed = printExpr(res.expr);
      const again = parseCondition(printed);
      assert.deepEqual(again.errors, [], `${path.basename(file)}: ${name} printed as ${printed}`);
      assert.ok(again.expr !== undefined);
      assert.equal(sexpr(again.expr, false), sexpr(res.expr, false), `${path.basename(file)}: ${name} changes when printed`);
    }
  }
  // The files hold several hundred macros and rules; a count far below means a bad read.
  assert.ok(nConditions > 500, `only ${nConditions} conditions found`);
});
