/**
 * The direct parser (`fastParse.ts`) builds exactly the tree of the chevrotain parser and
 * `toAst.ts`, ranges included, for every condition it accepts; it accepts only conditions
 * the reference parses without an error, and it accepts every real condition. Checked on
 * every condition of the fixture and golden rules files and on seeded mutations of them.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import { packageRoot } from '../../../server/src/paths';
import { parseChunked } from '../../../server/src/condition/chunks';
import { fastParseCondition } from '../../../server/src/condition/fastParse';
import { lexCondition } from '../../../server/src/condition/lexer';
import { parseCondition } from '../../../server/src/condition';

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? yamlFiles(full) : entry.name.endsWith('.yaml') ? [full] : [];
  });
}

/** Every `condition:` scalar of every item of the fixture and golden rules files. */
function conditions(): string[] {
  const root = packageRoot();
  const found: string[] = [];
  for (const file of [...yamlFiles(path.join(root, 'test', 'fixtures', 'rules')), ...yamlFiles(path.join(root, 'test', 'golden'))]) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'), { schema: 'failsafe', uniqueKeys: false })) {
      const contents = (doc as { contents?: unknown }).contents;
      if (!isSeq(contents)) continue;
      for (const item of contents.items) {
        if (!isMap(item)) continue;
        const value = item.get('condition', true);
        if (isScalar(value) && typeof value.value === 'string' && value.value !== '') found.push(value.value);
      }
    }
  }
  return found;
}

/** The fast tree, or undefined; plus the reference's tree and whether it found an error. */
function both(text: string): { fast: unknown; reference: unknown; referenceOk: boolean } {
  const lexed = lexCondition(text);
  const fast = fastParseCondition(text, Infinity);
  const parsed = parseChunked(lexed.tokens, text.length);
  return { fast, reference: parsed.tree, referenceOk: lexed.errors.length === 0 && parsed.errors.length === 0 };
}

const all = conditions();

test('every real condition takes the direct parser and gets the reference tree', () => {
  assert.ok(all.length > 800, `only ${all.length} conditions`);
  for (const text of all) {
    const { fast, reference, referenceOk } = both(text);
    if (!referenceOk) {
      assert.equal(fast, undefined, `accepted a condition the reference rejects: ${text}`);
      continue;
    }
    assert.notEqual(fast, undefined, `declined a valid condition: ${text}`);
    assert.deepEqual(fast, reference, text);
  }
});

test('mutated conditions: whenever the direct parser accepts, the reference agrees', () => {
  const inserts = ['(', ')', ',', ' ', '"', "'", '=', '[', ']', '.', '\\', 'not ', ' and ', ' or ', 'or(', 'in ', 'val(', 'tolower(', ' exists', '<', ' anyof ', 'x', ' ', ' ', 'x', '_'];
  let state = 7;
  const next = (bound: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % bound;
  };
  let accepted = 0;
  let rejected = 0;
  for (let round = 0; round < 3000; round++) {
    let text = all[next(all.length)];
    for (let edits = 1 + (next(4) === 0 ? 1 : 0); edits > 0; edits--) {
      const at = next(text.length + 1);
      const connective = text.indexOf(next(2) === 0 ? ' and ' : ' or ', at);
      switch (next(4)) {
        case 0:
          // Character-level noise: mostly invalid.
          text = next(2) === 0 ? text.slice(0, at) + inserts[next(inserts.length)] + text.slice(at) : text.slice(0, at) + text.slice(at + 1 + next(2));
          break;
        case 1:
          // Swap a connective: still valid, another tree shape.
          if (connective !== -1) text = text.slice(0, connective) + (text.startsWith(' and ', connective) ? ' or ' : ' and ') + text.slice(connective + (text.startsWith(' and ', connective) ? 5 : 4));
          break;
        case 2:
          // `not` or a group opened after a connective, closed at the end.
          if (connective !== -1) {
            const after = text.indexOf(' ', connective + 1) + 1;
            text = next(2) === 0 ? `${text.slice(0, after)}not ${text.slice(after)}` : `${text.slice(0, after)}(${text.slice(after)})`;
          }
          break;
        default:
          // Blanks (or their absence) around parentheses and operators.
          text = text.replace(next(2) === 0 ? /\( /g : / \(/g, '(').replace(/ = /g, next(2) === 0 ? '=' : '  =  ');
      }
    }
    const { fast, reference, referenceOk } = both(text);
    if (fast === undefined) {
      rejected++;
      continue;
    }
    accepted++;
    assert.ok(referenceOk, `accepted a condition the reference rejects: ${text}`);
    assert.deepEqual(fast, reference, text);
  }
  assert.ok(accepted > 1000 && rejected > 300, `accepted ${accepted}, rejected ${rejected}`);
});

test('the public parser gives the same result with or without the direct path', () => {
  for (const text of ['a or(b) and c', 'tolower(val(proc.name)) = x', 'len(proc.name, proc.exe) > 2', 'proc.name in ()', 'not not (a)']) {
    const { reference, referenceOk } = both(text);
    const result = parseCondition(text);
    assert.equal(result.errors.length === 0, referenceOk, text);
    assert.deepEqual(result.expr, reference, text);
  }
});
