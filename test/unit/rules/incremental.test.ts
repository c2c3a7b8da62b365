/**
 * Incremental loading gives the same results as a cold load: after edits that move items,
 * break and repair a condition, or change a macro, the problems and the compiled rule set
 * equal those of a load with every cache cleared; and an edit inside one rule recompiles
 * only that rule.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { compileRuleSet } from '../../../server/src/analysis';
import { compileStats } from '../../../server/src/compile/compiler';
import { clearLoaderCaches, loadRules, type RulesFile } from '../../../server/src/compile/load';
import { packageRoot } from '../../../server/src/paths';

const fixtures = path.join(packageRoot(), 'test', 'fixtures', 'rules');
const base: RulesFile[] = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((name) => ({
  name,
  text: fs.readFileSync(path.join(fixtures, name), 'utf8'),
}));

function snapshot(files: RulesFile[]): string {
  const outcome = loadRules(files, { compileEachFile: false });
  const problems = outcome.problems.map((problem) => `${problem.file}:${problem.position.offset}:${problem.position.line}:${problem.position.column} ${problem.code} ${problem.message}`);
  return JSON.stringify({ problems, ruleSet: compileRuleSet(outcome), results: outcome.results });
}

function edit(files: RulesFile[], fileIdx: number, find: string, replace: string): RulesFile[] {
  const text = files[fileIdx].text;
  const at = text.indexOf(find);
  assert.ok(at !== -1, find);
  return files.map((file, idx) => (idx === fileIdx ? { ...file, text: text.slice(0, at) + replace + text.slice(at + find.length) } : file));
}

test('warm loads after edits equal cold loads', () => {
  const edits = [
    edit(base, 0, 'condition: >\n    (open_read', 'condition: >\n    ( open_read'),
    edit(base, 0, 'condition: >\n    (open_read', 'condition: >\n    (open_reed'),
    edit(base, 0, '- macro: open_write\n', '- macro: open_write\n  # a comment that moves everything below\n'),
    edit(base, 1, 'priority: ', 'priority: nonsense '),
    edit(base, 0, 'proc.name', 'proc.nme'),
    base,
  ];
  snapshot(base);
  for (const files of edits) {
    const warm = snapshot(files);
    clearLoaderCaches();
    const cold = snapshot(files);
    assert.equal(warm, cold);
  }
});

test('an edit inside one rule recompiles that rule only', () => {
  snapshot(base);
  const before = { ...compileStats };
  snapshot(edit(base, 0, 'condition: >\n    (open_read', 'condition: >\n    ( open_read'));
  assert.equal(compileStats.macroStages - before.macroStages, 0);
  assert.equal(compileStats.rules - before.rules, 1);
});
