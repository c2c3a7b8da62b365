/**
 * Bad input never throws and always gets a clear diagnostic quickly: binary garbage, a
 * 20 MB file, 10 000 nested parentheses, unterminated strings, huge lists, deep YAML.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadRules } from '../../../server/src/compile/load';
import { type Problem } from '../../../server/src/rules/loadCodes';

function check(text: string, expectedCode: string, expectedMessage: RegExp): Problem[] {
  const started = Date.now();
  const outcome = loadRules([{ name: 'input.yaml', text }], { compileEachFile: true });
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 1000, `took ${elapsed} ms`);
  const problem = outcome.results[0].errors[0];
  assert.ok(problem !== undefined, 'an error is reported');
  assert.equal(problem.code, expectedCode);
  assert.match(problem.message, expectedMessage);
  return outcome.problems;
}

function rule(condition: string): string {
  return `- rule: R\n  desc: d\n  condition: ${condition}\n  output: o\n  priority: INFO\n`;
}

/** Deterministic pseudo-random bytes (a small LCG), so failures reproduce. */
function garbage(length: number): string {
  let state = 12345;
  let text = '';
  for (let idx = 0; idx < length; idx++) {
    state = (state * 1103515245 + 12345) >>> 0;
    text += String.fromCharCode(state >>> 24);
  }
  return text;
}

test('binary garbage gives a YAML error', () => {
  check(garbage(100_000), 'LOAD_ERR_YAML_PARSE', /^yaml: error at line \d+, column \d+: /);
});

test('a 20 MB file is refused with a clear message', () => {
  const chunk = '- macro: m\n  condition: proc.name = x\n';
  check(chunk.repeat(Math.ceil(20e6 / chunk.length)), 'LOAD_ERR_FILE_READ', /^Rules file is too large: \d+ characters/);
});

test('10 000 nested parentheses hit the depth limit with a position', () => {
  const problems = check(rule(`${'('.repeat(10_000)}evt.type = open${')'.repeat(10_000)}`), 'LOAD_ERR_COMPILE_CONDITION', /exceeded max depth limit of 1000/);
  assert.equal(problems[0].position.line, 2);
});

test('an unterminated string in a condition', () => {
  const problems = check(rule('evt.type = open and proc.name = "cat'), 'LOAD_ERR_COMPILE_CONDITION', /unterminated/);
  assert.deepEqual([problems[0].position.line, problems[0].position.column], [2, 45]);
});

test('an unterminated YAML string', () => {
  check('- rule: "abc\n  desc: d\n', 'LOAD_ERR_YAML_PARSE', /Missing closing "quote/);
});

test('a huge list substituted into a condition with an error after it', () => {
  const items = Array.from({ length: 5_000 }, (_, idx) => `item${idx}`);
  const text = `- list: l\n  items: [${items.join(', ')}]\n${rule('evt.type = execve and proc.name in (l) and proc.nme = x')}`;
  const problems = check(text, 'LOAD_ERR_COMPILE_CONDITION', /nonexistent field proc.nme/);
  // The position is the field's own, after the substituted list.
  assert.deepEqual([problems[0].position.line, problems[0].position.column], [4, 56]);
});

test('deeply nested YAML flow collections', () => {
  check('['.repeat(10_000), 'LOAD_ERR_YAML_PARSE', /^yaml: error/);
  check(`- list: l\n  items: ${'['.repeat(10_000)}\n`, 'LOAD_ERR_YAML_PARSE', /^yaml: error/);
});

test('a file of empty documents is valid', () => {
  const outcome = loadRules([{ name: 'docs.yaml', text: '---\n'.repeat(10_000) }], { compileEachFile: true });
  assert.deepEqual(outcome.problems, []);
});

test('two large files with more items than the chunk cache holds keep exact positions', () => {
  // The second file's reading evicts the chunk cache: the first file's records must stay
  // resolvable to their positions.
  const files = ['a', 'b'].map((prefix) => {
    let text = '';
    for (let idx = 0; text.length < 450_000; idx++) {
      text += `- macro: ${prefix}${idx}\n  condition: proc.name = x\n`;
    }
    return { name: `${prefix}.yaml`, text };
  });
  const outcome = loadRules(files, { compileEachFile: false });
  assert.ok(outcome.problems.length > 20_000);
  assert.ok(outcome.problems.every((problem) => problem.code === 'LOAD_UNUSED_MACRO'));
  for (const problem of [outcome.problems[0], outcome.problems[outcome.problems.length - 1]]) {
    const text = files[problem.file].text;
    assert.equal(text.slice(problem.position.offset, problem.position.offset + problem.itemName.length), problem.itemName);
  }
});
