/**
 * Output format parsing: literal text and `%` tokens, widths, arguments, transformers,
 * the leading `*`, longest known field prefix, and the errors Falco reports (a format that
 * ends in `%` or `%<digits>`, an unknown field). Also every output of the official rules
 * files, with a field predicate that accepts any dotted name.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { printOperand } from '../../../server/src/condition';
import { parseOutput, type OutputParseResult } from '../../../server/src/output';
import { packageRoot } from '../../../server/src/paths';

/** A small catalog: the fields these cases use. */
const KNOWN = new Set(['proc.name', 'proc.cmdline', 'proc.aname', 'evt.num', 'evt.time', 'evt.arg.fd', 'json.value', 'fd.name', 'container.info', 'user.name', 'k8s.pod.label']);
const isKnown = (name: string): boolean => KNOWN.has(name);
const anyDotted = (name: string): boolean => /^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_]+)+$/.test(name);

/** Renders tokens as `"text"` and `{width:expr}` pieces, for compact expectations. */
function render(res: OutputParseResult): string {
  return (res.forceNA ? '*' : '') + res.tokens.map((token) => (token.kind === 'text' ? JSON.stringify(token.text) : `{${token.width ?? ''}:${printOperand(token.expr)}}`)).join('');
}

/** Expects no error, the rendering, and tokens that tile the text exactly. */
function checkOutput(format: string, expected: string): void {
  const res = parseOutput(format, isKnown);
  assert.deepEqual(res.errors, [], `errors for ${JSON.stringify(format)}`);
  assert.equal(render(res), expected, `tokens of ${JSON.stringify(format)}`);
  let at = res.forceNA ? 1 : 0;
  for (const token of res.tokens) {
    assert.equal(token.range.start, at, `gap before a token of ${JSON.stringify(format)}`);
    if (token.kind === 'text') assert.equal(format.slice(token.range.start, token.range.end), token.text);
    else assert.equal(format[token.range.start], '%');
    at = token.range.end;
  }
  assert.equal(at, format.length);
}

/** Expects exactly the given errors (message, start offset). */
function checkOutputErrors(format: string, expected: [string, number][]): void {
  const res = parseOutput(format, isKnown);
  assert.deepEqual(res.errors.map((error) => [error.message, error.range.start]), expected, `errors for ${JSON.stringify(format)}`);
  for (const error of res.errors) assert.ok(error.range.end <= format.length && error.range.start <= error.range.end);
}

const valid: [string, string][] = [
  ['', ''],
  ['plain text', '"plain text"'],
  ['%proc.name', '{:proc.name}'],
  ['A shell (user=%user.name cmd=%proc.cmdline)', '"A shell (user="{:user.name}" cmd="{:proc.cmdline}")"'],
  ['%proc.namex', '{:proc.name}"x"'],
  ['%proc.name%evt.num', '{:proc.name}{:evt.num}'],
  ['%10proc.name|', '{10:proc.name}"|"'],
  ['%0evt.num', '{0:evt.num}'],
  ['%proc.aname[2]', '{:proc.aname[2]}'],
  ['%json.value[/a/b] end', '{:json.value[/a/b]}" end"'],
  ['%k8s.pod.label["x y"]', '{:k8s.pod.label["x y"]}'],
  ['%evt.arg.fd', '{:evt.arg.fd}'],
  ['%tolower(proc.name)', '{:tolower(proc.name)}'],
  ['x=%toupper(proc.aname[1]) y', '"x="{:toupper(proc.aname[1])}" y"'],
  ['%concat(proc.name, "-", evt.num)!', '{:concat(proc.name, "-", evt.num)}"!"'],
  ['%5tolower(proc.name)', '{5:tolower(proc.name)}'],
  ['*%proc.name', '*{:proc.name}'],
  ['*', '*'],
  ['**%proc.name', '*"*"{:proc.name}'],
  ['%container.info', '{:container.info}'],
  ['(%proc.name)', '"("{:proc.name}")"'],
];

describe('output format parsing', () => {
  test('valid formats', () => {
    for (const [format, expected] of valid) checkOutput(format, expected);
  });

  test('errors', () => {
    checkOutputErrors('x %', [["invalid formatting token %: the format ends after '%'", 2]]);
    checkOutputErrors('x %12', [["invalid formatting token %12: the format ends after '%'", 2]]);
    checkOutputErrors('x %foo.bar y', [['invalid formatting token foo.bar y', 2]]);
    checkOutputErrors('%proc.nam', [['invalid formatting token proc.nam', 0]]);
    checkOutputErrors('50% off', [['invalid formatting token  off', 2]]);
    checkOutputErrors('%%proc.name', [['invalid formatting token %proc.name', 0]]);
    checkOutputErrors('%val(proc.name)', [['invalid formatting token val(proc.name)', 0]]);
    checkOutputErrors('%(proc.name)', [['invalid formatting token (proc.name)', 0]]);
    checkOutputErrors('%tolower(proc.name', [["expected a ')' token closing the transformer", 18]]);
    checkOutputErrors('%tolower("x")', [["expected a field or a nested valid transformer: 'val', 'tolower', 'toupper', 'b64', 'basename', 'len', 'join', 'concat', 'getopt'", 9]]);
    checkOutputErrors('%proc.aname[2', [["expected a ']' token", 11]]);
    checkOutputErrors('a %x.y b %proc.name c %z.w', [
      ['invalid formatting token x.y b %proc.name c %z.w', 2],
      ['invalid formatting token z.w', 22],
    ]);
  });

  test('deeply nested transformers parse without exhausting the stack', () => {
    const deep = '%' + 'tolower('.repeat(999) + 'proc.name' + ')'.repeat(999);
    assert.equal(render(parseOutput(`x ${deep} y`, isKnown)), `"x "{:${deep.slice(1)}}" y"`);
  });

  test('huge formats stay linear', () => {
    const started = Date.now();
    const res = parseOutput('%' + 'a'.repeat(1_000_000) + ' %proc.name'.repeat(50_000), isKnown);
    assert.equal(res.errors.length, 1);
    assert.equal(res.tokens.filter((token) => token.kind === 'field').length, 50_000);
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
  });

  test('the longest known prefix wins', () => {
    const res = parseOutput('%proc.name.x', (name) => name === 'proc.name' || name === 'proc.name.x');
    assert.equal(render(res), '{:proc.name.x}');
    const shorter = parseOutput('%proc.name.x', (name) => name === 'proc.name');
    assert.equal(render(shorter), '{:proc.name}".x"');
  });

  test('never throws on random formats', () => {
    let seed = 99;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pieces = ['%', '%1', 'proc.name', 'tolower(', ')', '(', '[', ']', '"', ' ', 'x', '*', '\\', ','];
    for (let caseIdx = 0; caseIdx < 2000; caseIdx++) {
      let format = '';
      for (let pieceIdx = Math.floor(next() * 12); pieceIdx > 0; pieceIdx--) format += pieces[Math.floor(next() * pieces.length)];
      const res = parseOutput(format, isKnown);
      for (const error of res.errors) assert.ok(error.range.start >= 0 && error.range.end <= format.length);
    }
  });

  test('every output of the official rules files parses', () => {
    const dir = path.join(packageRoot(), 'test', 'fixtures', 'rules');
    const files = [
      ...fs.readdirSync(dir).filter((name) => name.endsWith('.yaml')).map((name) => path.join(dir, name)),
      ...fs.readdirSync(path.join(dir, 'plugins')).filter((name) => name.endsWith('.yaml')).map((name) => path.join(dir, 'plugins', name)),
    ];
    let nOutputs = 0;
    let nFields = 0;
    for (const file of files) {
      for (const item of (parseYaml(fs.readFileSync(file, 'utf8')) ?? []) as { rule?: string; output?: unknown }[]) {
        if (item.output === undefined || item.output === null) continue;
        nOutputs++;
        const res = parseOutput(String(item.output), anyDotted);
        assert.deepEqual(res.errors, [], `${path.basename(file)}: ${item.rule ?? '?'}`);
        nFields += res.tokens.filter((token) => token.kind === 'field').length;
      }
    }
    assert.ok(nOutputs > 200 && nFields > 1000, `only ${nOutputs} outputs and ${nFields} fields`);
  });
});
