/**
 * The compiler's caches across file prefixes and loads (`compileCache.ts`, `macroStage.ts`):
 * a load that compiles after each file reuses a rule or macro compiled for an earlier prefix
 * only when the lists and macros it consulted are the same, so every file's result equals a
 * compilation of that prefix with nothing reused; warm loads after edits equal cold loads;
 * an edit that touches neither lists nor macros recompiles only the edited rule; and the
 * prefixes before an edited file are not compiled again.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { compileRuleSet } from '../../../server/src/analysis';
import { compileStats } from '../../../server/src/compile/compiler';
import { clearLoaderCaches, loadRules, loadStats, type RulesFile } from '../../../server/src/compile/load';
import { macroStats } from '../../../server/src/compile/macroStage';
import { type Problem } from '../../../server/src/rules/loadCodes';
import { packageRoot } from '../../../server/src/paths';

const fixtures = path.join(packageRoot(), 'test', 'fixtures', 'rules');
const official: RulesFile[] = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((name) => ({
  name,
  text: fs.readFileSync(path.join(fixtures, name), 'utf8'),
}));

const rule = (name: string, condition: string): string => `- rule: ${name}\n  desc: d\n  condition: ${condition}\n  output: "o %proc.name"\n  priority: INFO\n`;

/**
 * Three small files whose later files change what earlier rules see: b appends to a list
 * and redefines a macro that a's rules use, c appends to a macro; unused items and an
 * undefined macro give warnings and errors at some prefixes only.
 */
const layered: RulesFile[] = [
  {
    name: 'a.yaml',
    text: [
      '- list: bins\n  items: [cat, ls]\n',
      '- list: spare\n  items: [vi]\n',
      '- macro: opened\n  condition: evt.type in (open, openat)\n',
      '- macro: by_bins\n  condition: proc.name in (bins)\n',
      '- macro: later\n  condition: proc.pname = sh\n',
      rule('Uses both', 'opened and by_bins'),
      rule('Uses opened', 'opened and proc.name = x'),
      rule('Plain', 'evt.type = execve and proc.name = bash'),
    ].join(''),
  },
  {
    name: 'b.yaml',
    text: [
      '- list: bins\n  items: [find]\n  override:\n    items: append\n',
      '- macro: opened\n  condition: evt.type = open\n',
      rule('In b', 'evt.type = open and later and by_bins'),
    ].join(''),
  },
  {
    name: 'c.yaml',
    text: ['- macro: by_bins\n  condition: or proc.name = zsh\n  override:\n    condition: append\n', rule('In c', 'by_bins and not undefined_here')].join(''),
  },
];

/** Problems as comparable text, in order. */
function problemLines(problems: readonly Problem[]): string[] {
  return problems.map((problem) => `${problem.file}:${problem.position.offset} ${problem.code} ${problem.itemType} ${problem.itemName}: ${problem.message}`);
}

/** The whole outcome of a load as text, for warm/cold comparisons. */
function snapshot(files: RulesFile[]): string {
  const outcome = loadRules(files, { compileEachFile: true });
  return JSON.stringify({ problems: problemLines(outcome.problems), results: outcome.results, ruleSet: compileRuleSet(outcome) });
}

function edit(files: RulesFile[], fileIdx: number, find: string, replace: string): RulesFile[] {
  const text = files[fileIdx].text;
  const at = text.indexOf(find);
  assert.ok(at !== -1, find);
  return files.map((file, idx) => (idx === fileIdx ? { ...file, text: text.slice(0, at) + replace + text.slice(at + find.length) } : file));
}

for (const [label, files] of [
  ['layered files', layered],
  ['the official files', official],
] as const) {
  test(`each file's result equals a compilation of its prefix with nothing reused (${label})`, () => {
    clearLoaderCaches();
    const outcome = loadRules(files, { compileEachFile: true });
    // Converted now: clearing the caches forgets the anchors this load's positions use.
    const sorted = (lines: string[]): string[] => lines.slice().sort();
    const perFile = outcome.results.map((result) => sorted(problemLines([...result.errors, ...result.warnings])));
    const ruleSet = JSON.stringify(compileRuleSet(outcome));
    files.forEach((_file, fileIdx) => {
      // A load that compiles once, after all files of the prefix, shares nothing between
      // prefixes; none of these files has a reading problem, so its problems are exactly
      // the compilation's.
      clearLoaderCaches();
      const alone = loadRules(files.slice(0, fileIdx + 1), { compileEachFile: false });
      assert.deepEqual(perFile[fileIdx], sorted(problemLines(alone.problems)), files[fileIdx].name);
      if (fileIdx === files.length - 1) {
        assert.equal(ruleSet, JSON.stringify(compileRuleSet(alone)));
      }
    });
  });
}

test('the layered files give the problems each prefix should have', () => {
  clearLoaderCaches();
  const results = loadRules(layered, { compileEachFile: true }).results;
  const codes = results.map((result) => [...result.errors, ...result.warnings].map((problem) => `${problem.code} ${problem.itemName}`));
  assert.deepEqual(codes, [
    ['LOAD_UNUSED_MACRO later', 'LOAD_UNUSED_LIST spare'],
    ['LOAD_UNUSED_LIST spare'],
    ['LOAD_ERR_VALIDATE In c', 'LOAD_UNUSED_LIST spare'],
  ]);
});

test('a rule is compiled once for all prefixes when the lists and macros it uses do not change', () => {
  clearLoaderCaches();
  const before = { ...compileStats };
  loadRules(layered, { compileEachFile: true });
  // 'Plain' (3 prefixes) and 'In c' (1) compile once each; 'Uses both' compiles once per
  // prefix (b appends to bins and redefines opened, c appends to by_bins); 'Uses opened'
  // twice (b redefines opened); 'In b' twice (c appends to by_bins).
  assert.equal(compileStats.rules - before.rules, 1 + 1 + 3 + 2 + 2);
});

test('a rule or macro naming a list is compiled again exactly when a list it could substitute changes', () => {
  const files: RulesFile[] = [
    { name: 'a.yaml', text: ['- list: bins\n  items: [cat, more]\n', '- macro: by_bins\n  condition: proc.name in (bins)\n', rule('Direct', 'by_bins and proc.pname in (bins)')].join('') },
    // `more` is an item of bins: a list of that name is substituted into the spliced items.
    { name: 'b.yaml', text: '- list: other\n  items: [vi]\n' },
    { name: 'c.yaml', text: '- list: more\n  items: [less]\n' },
  ];
  clearLoaderCaches();
  const before = { rules: compileStats.rules, parsed: macroStats.parsed };
  const outcome = loadRules(files, { compileEachFile: true });
  // Compiled for a, reused for b (an unrelated list), compiled again for c.
  assert.equal(compileStats.rules - before.rules, 2);
  assert.equal(macroStats.parsed - before.parsed, 2);
  const condition = JSON.stringify(compileRuleSet(outcome));
  assert.ok(condition.includes('less') && !condition.includes('more'), condition);
});

test('warm loads after edits equal cold loads, compiling after each file', () => {
  const edits = [
    edit(official, 0, 'desc: >\n', 'desc: >\n    x'),
    edit(official, 0, 'condition: >\n    (open_read', 'condition: >\n    ( open_read'),
    edit(official, 0, '(open_read or open_file_failed)', '(open_read or open_file_failed or proc.nme = x)'),
    edit(official, 0, 'and directory_traversal\n', 'and proc.name = traversal\n'),
    edit(official, 0, '- macro: open_write\n', '- macro: open_write\n  # a comment that moves everything below\n'),
    edit(official, 1, 'priority: ', 'priority: nonsense '),
    edit(official, 2, 'proc.name', 'proc.nme'),
    edit(layered, 1, 'items: [find]', 'items: [find, cat]'),
    edit(layered, 0, 'proc.name = bash', 'proc.name = fish'),
    edit(layered, 0, 'opened and proc.name = x', 'evt.type = open and proc.name = x'),
    edit(layered, 2, 'by_bins and not undefined_here', 'by_bins and not later'),
    edit(layered, 0, '- macro: later\n  condition: proc.pname = sh\n', ''),
    edit(layered, 2, 'or proc.name = zsh', 'or proc.name ='),
    official,
    layered,
  ];
  snapshot(official);
  snapshot(layered);
  for (const files of edits) {
    const warm = snapshot(files);
    clearLoaderCaches();
    const cold = snapshot(files);
    assert.equal(warm, cold);
  }
});

test('an edit outside conditions recompiles only the edited rule, once', () => {
  snapshot(official);
  const before = { ...compileStats, ...macroStats };
  snapshot(edit(official, 0, 'desc: >\n', 'desc: >\n    x'));
  assert.equal(compileStats.macroStages - before.macroStages, 0);
  assert.equal(macroStats.parsed - before.parsed, 0);
  assert.equal(macroStats.resolved - before.resolved, 0);
  // The official files redefine the macros this rule uses in each file, with the same text:
  // the last prefix compiles it, and the earlier ones, which only need its problems and
  // used names, take that compilation as equivalent.
  assert.equal(compileStats.rules - before.rules, 1);
});

test('an edit inside rule definitions keeps the collection and only compiles those rules', () => {
  snapshot(official);
  const before = { ...loadStats, rules: compileStats.rules };
  snapshot(edit(official, 0, 'condition: >\n    (open_read', 'condition: >\n    (  open_read'));
  assert.equal(loadStats.compilations - before.compilations, 0);
  assert.equal(loadStats.reloads - before.reloads, 1);
  assert.equal(compileStats.rules - before.rules, 1);
});

test('a rule-only edit is not reloaded when the rule has other items or its new definition has a problem', () => {
  const twice: RulesFile[] = [layered[0], { name: 'd.yaml', text: "- rule: Plain\n  enabled: false\n" }];
  snapshot(twice);
  let before = { ...loadStats };
  const edited = edit(twice, 0, 'proc.name = bash', 'proc.name = zsh');
  const warm = snapshot(edited);
  assert.equal(loadStats.reloads - before.reloads, 0);
  clearLoaderCaches();
  assert.equal(warm, snapshot(edited));
  snapshot(layered);
  before = { ...loadStats };
  const broken = edit(layered, 0, '- rule: Plain\n', '- rule: Plain\n  source: nowhere\n');
  const warmBroken = snapshot(broken);
  assert.equal(loadStats.reloads - before.reloads, 0);
  clearLoaderCaches();
  assert.equal(warmBroken, snapshot(broken));
});

test('an edit in a later file does not compile the prefixes before it again', () => {
  snapshot(official);
  let before = loadStats.compilations;
  // The first proc.name of each file is in a comment inside a macro's item: not a rule-only edit.
  snapshot(edit(official, 2, 'proc.name', 'proc.nme'));
  assert.equal(loadStats.compilations - before, 1);
  before = loadStats.compilations;
  snapshot(edit(official, 1, 'proc.name', 'proc.nme'));
  assert.equal(loadStats.compilations - before, 2);
  before = loadStats.compilations;
  snapshot(edit(official, 0, 'proc.name', 'proc.nme'));
  assert.equal(loadStats.compilations - before, 3);
});

test('an earlier prefix does not take a compilation made against macros it does not see', () => {
  const files: RulesFile[] = [
    { name: 'x.yaml', text: `- macro: m\n  condition: proc.name = x\n${rule('R', 'evt.type = open and m')}` },
    { name: 'y.yaml', text: '- macro: m\n  condition: proc.name = y\n- macro: m2\n  condition: proc.pname = y\n' },
  ];
  snapshot(files);
  // The last prefix compiles R without a problem first; the first prefix, where m2 is not
  // defined, must not take that compilation.
  const edited = edit(files, 0, 'evt.type = open and m', 'evt.type = open and m and m2');
  const warm = snapshot(edited);
  const results = JSON.parse(warm) as { results: { errors: Problem[] }[] };
  assert.deepEqual(
    results.results.map((result) => result.errors.map((error) => `${error.code} ${error.message}`)),
    [["LOAD_ERR_VALIDATE Undefined macro 'm2' used in filter."], []],
  );
  clearLoaderCaches();
  assert.equal(warm, snapshot(edited));
});
