/**
 * Scalar offset maps: every character of a decoded YAML scalar maps to the file offset it
 * came from, for each style; checked against the `yaml` package's decoded values.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDocument, isMap, isScalar } from 'yaml';
import { decodeBlockValue, scalarOffsetMap, type ScalarStyle } from '../../../server/src/rules/scalars';

/** Decodes `key` of a one-mapping document and returns, per character, the source character. */
function sourceChars(yamlText: string): { value: string; chars: string[] } {
  const doc = parseDocument(yamlText, { schema: 'failsafe' });
  const map = doc.contents;
  assert.ok(isMap(map));
  const node = map.items[0].value;
  assert.ok(isScalar(node) && node.range !== undefined && node.range !== null);
  const value = String(node.value);
  const offsets = scalarOffsetMap(yamlText, node.range[0], node.range[1], node.type as ScalarStyle, value);
  return { value, chars: [...value].map((_, idx) => yamlText[offsets[idx]]) };
}

test('plain multi-line scalar: folded lines map to their source', () => {
  const { value, chars } = sourceChars('k: evt.type = open\n   and proc.name = cat\n');
  assert.equal(value, 'evt.type = open and proc.name = cat');
  // The space from the line break maps to the break itself; other characters to themselves.
  assert.equal(chars.join(''), 'evt.type = open\nand proc.name = cat');
});

test('double-quoted scalar with escapes maps each escape to its backslash', () => {
  const { value, chars } = sourceChars('k: "a\\tb \\"c\\" \\x41"\n');
  assert.equal(value, 'a\tb "c" A');
  assert.equal(chars.join(''), 'a\\b \\c\\ \\');
});

test("single-quoted scalar: '' is one quote", () => {
  const { value, chars } = sourceChars("k: 'it''s'\n");
  assert.equal(value, "it's");
  assert.equal(chars.join(''), "it's");
});

test('folded block scalar, with an empty line kept as a newline', () => {
  const { value, chars } = sourceChars('k: >\n  a and\n  b\n\n  c\n');
  assert.equal(value, 'a and b\nc\n');
  assert.equal(chars.filter((ch) => ch !== '\n').join(''), 'a andbc');
});

test('literal block scalar with strip chomping and more-indented lines', () => {
  const { value, chars } = sourceChars('k: |-\n  a\n    b\n  c\n');
  assert.equal(value, 'a\n  b\nc');
  assert.deepEqual(chars, ['a', '\n', ' ', ' ', 'b', '\n', 'c']);
});

test('folded block scalar with more-indented lines keeps their breaks', () => {
  const { value } = sourceChars('k: >\n  a\n    b\n  c\n');
  assert.equal(value, 'a\n  b\nc\n');
});

test('block scalar values equal the yaml package in every shape (usual and unusual)', () => {
  const bodies = [
    '  a and b\n  and c\n',
    '  a and b\n  and c',
    '  one line\n',
    '    deep\n    indent  \n',
    '  a\n\n  b\n',
    '  a\n    more\n  b\n',
    '  a\n  b\n\n',
    '\n  a\n  b\n',
    '  a # not a comment\n  b\n',
    '  a\n    more\n    more2\n  b\n  c\n',
    '  a\n   one more\n',
    '    deep\n      more\n    back\n',
    '  a\n      \n  b\n',
  ];
  let compared = 0;
  for (const indicator of ['|', '>', '|-', '>-', '|+', '>+']) {
    for (const body of bodies) {
      const yamlText = `k: ${indicator}\n${body}`;
      const doc = parseDocument(yamlText, { schema: 'failsafe' });
      const map = doc.contents;
      assert.ok(isMap(map));
      const node = map.items[0].value;
      assert.ok(isScalar(node) && node.range !== undefined && node.range !== null);
      const folded = indicator.startsWith('>');
      assert.equal(decodeBlockValue(yamlText, node.range[0], node.range[1], folded), String(node.value), JSON.stringify(yamlText));
      compared++;
    }
  }
  assert.equal(compared, 78);
});
