/**
 * The fast YAML subset reader builds exactly what the `yaml` package builds (node kinds,
 * scalar values and styles, ranges) for every item chunk of every fixture and golden file
 * it accepts, and it accepts almost every chunk of the official files.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import { packageRoot } from '../../../server/src/paths';
import { splitItems } from '../../../server/src/rules/chunkedReader';
import { fastParseSequence } from '../../../server/src/rules/fastYaml';

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? yamlFiles(full) : entry.name.endsWith('.yaml') ? [full] : [];
  });
}

/** A comparable description of a node: kind, style, value, ranges. */
function describe(node: unknown): unknown {
  if (node === null || node === undefined) {
    return null;
  }
  if (isScalar(node)) {
    return { scalar: String(node.value), type: node.type, range: node.range?.slice(0, 2) };
  }
  if (isSeq(node)) {
    return { seq: node.items.map(describe), start: node.range?.[0] };
  }
  if (isMap(node)) {
    return { map: node.items.map((pair) => (isPair(pair) ? [describe(pair.key), describe(pair.value)] : null)), start: node.range?.[0] };
  }
  return { other: String(node) };
}

const root = packageRoot();
const files = [...yamlFiles(path.join(root, 'test', 'fixtures', 'rules')), ...yamlFiles(path.join(root, 'test', 'golden'))];

test('the fast reader agrees with the yaml package on every chunk it accepts', () => {
  let compared = 0;
  for (const file of files) {
    const chunks = splitItems(fs.readFileSync(file, 'utf8')) ?? [];
    for (const chunk of chunks) {
      const fast = fastParseSequence(chunk.text);
      if (fast === undefined) {
        continue;
      }
      const reference = parseDocument(chunk.text, { schema: 'failsafe', uniqueKeys: false });
      assert.equal(reference.errors.length, 0, `${file}: the fast reader accepted a chunk with a YAML error:\n${chunk.text}`);
      assert.deepEqual(describe(fast), describe(reference.contents), `${file} at ${chunk.start}`);
      compared++;
    }
  }
  assert.ok(compared > 1000, `compared ${compared} chunks`);
});

test('the fast reader accepts nearly every item of the official files', () => {
  for (const name of ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml', 'plugins/k8s_audit_rules.yaml']) {
    const chunks = splitItems(fs.readFileSync(path.join(root, 'test', 'fixtures', 'rules', name), 'utf8')) ?? [];
    const accepted = chunks.filter((chunk) => fastParseSequence(chunk.text) !== undefined).length;
    assert.ok(accepted >= chunks.length * 0.95, `${name}: ${accepted}/${chunks.length}`);
  }
});

test('outside the subset it declines rather than guess', () => {
  for (const text of ['- a: &x [b]\n', '- a: *x\n', '- a: {b: c}\n', '- a: "multi\n  line"\n', '- a: |2\n   x\n', '- a: !tag x\n', '- a: [b\n', '-\ta: b\n']) {
    assert.equal(fastParseSequence(text), undefined, text);
  }
  assert.equal(fastParseSequence('# only a comment\n'), null);
});

test('mutated official items: whenever the fast reader accepts, the yaml package agrees', () => {
  // Seeded mutations (insert a YAML-significant character, delete a few) of real items.
  const sources = ['falco_rules.yaml', 'falco-sandbox_rules.yaml', 'plugins/k8s_audit_rules.yaml'];
  const chunks = sources.flatMap((name) => splitItems(fs.readFileSync(path.join(root, 'test', 'fixtures', 'rules', name), 'utf8')) ?? []).map((chunk) => chunk.text).filter((text) => text.startsWith('-'));
  const inserts = ['(', ')', ' ', '\n', '"', "'", ':', '-', '#', '[', ']', 'a', '|', '>', '*', '&', '!', ',', '\\', '\n  ', '\n    ', '{', '?'];
  let state = 2024;
  const next = (bound: number): number => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state % bound;
  };
  let accepted = 0;
  for (let round = 0; round < 3000; round++) {
    let text = chunks[next(chunks.length)];
    for (let edits = 1 + next(3); edits > 0; edits--) {
      const at = next(text.length);
      text = next(2) === 0 ? text.slice(0, at) + inserts[next(inserts.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + next(3));
    }
    const fast = fastParseSequence(text);
    if (fast === undefined) {
      continue;
    }
    accepted++;
    const reference = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
    assert.equal(reference.errors.length, 0, `accepted a text with a YAML error:\n${text}`);
    assert.deepEqual(describe(fast), describe(reference.contents), text);
  }
  assert.ok(accepted > 1000, `accepted ${accepted}`);
});

/** Every node's kind and [start, end), collections included. */
function ranges(node: unknown): unknown {
  if (isScalar(node)) {
    return ['scalar', node.range?.[0], node.range?.[1]];
  }
  if (isSeq(node) || isMap(node)) {
    return [isSeq(node) ? 'seq' : 'map', node.range?.[0], node.range?.[1], node.items.map((item) => (isPair(item) ? [ranges(item.key), ranges(item.value)] : ranges(item)))];
  }
  return null;
}

test("a flow sequence closed at its key's column: read, with the yaml package's ranges for every node", () => {
  const accepted = ['- list: a\n  items: [\n    x,\n    y\n  ]\n', '- list: a\n  items:\n    [\n    x,\n    y\n  ]\n', '- [\n a\n]\n', '- list: a\n  items: [\n    x\n  ] # c\n  override:\n    items: append\n\n# A\n'];
  for (const text of accepted) {
    const info = { yamlEnds: false };
    const fast = fastParseSequence(text, info);
    assert.ok(fast !== undefined && info.yamlEnds, text);
    assert.deepEqual(ranges(fast), ranges(parseDocument(text, { schema: 'failsafe', uniqueKeys: false }).contents), text);
  }
  // Further left, or closing a nested sequence there: the yaml package reports an error.
  for (const text of ['- list: a\n  items: [\n    x\n ]\n', '- list: a\n  items: [\n    x, [ y\n  ]\n  ]\n', '- list: a\n  items: [\n    x,\n  y\n  ]\n']) {
    assert.equal(fastParseSequence(text), undefined, text);
  }
  // Every such item of the fixtures and golden files, and mutations of them.
  const chunks = files.flatMap((file) => splitItems(fs.readFileSync(file, 'utf8')) ?? []).map((chunk) => chunk.text).filter((text) => /\n {0,2}\]/.test(text));
  const inserts = [' ', '\n', '#', ' # c', ',', 'x', '"q"', '\n  ', '\n    ', '[', ']', ':', '\n  override:\n    items: append', '\n  append: true'];
  let state = 11;
  const next = (bound: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % bound;
  };
  let compared = 0;
  for (let round = 0; round < 3000; round++) {
    let text = chunks[next(chunks.length)];
    if (round >= chunks.length) {
      const at = next(text.length + 1);
      text = next(3) === 0 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + inserts[next(inserts.length)] + text.slice(at);
    }
    const info = { yamlEnds: false };
    const fast = fastParseSequence(text, info);
    if (fast === undefined || !info.yamlEnds) {
      continue;
    }
    const reference = parseDocument(text, { schema: 'failsafe', uniqueKeys: false });
    assert.equal(reference.errors.length, 0, `accepted a text with a YAML error:\n${text}`);
    assert.deepEqual(ranges(fast), ranges(reference.contents), text);
    assert.deepEqual(describe(fast), describe(reference.contents), text);
    compared++;
  }
  assert.ok(compared > 500, `compared ${compared}`);
});
