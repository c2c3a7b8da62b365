/**
 * List substitution against a plain reference of Falco's algorithm (every list in index
 * order, `resolve_list` on the whole text, one origin array per step): the planned,
 * cached substitution must give the same text, the same origin of every character and the
 * same occurrences, on every condition of the official rules files and on generated
 * conditions full of edge cases (odd names, empty lists, items naming other lists), while
 * tables change under a plan cache that is not cleared in between.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { clearPlanCache, compileLists, substituteLists, type ListTable } from '../../../server/src/expand/lists';
import { type CollectedList } from '../../../server/src/rules/collector';
import { SourcedText } from '../../../server/src/rules/sourcedText';
import { seededRandom } from '../../support/random';
import { officialRulesFiles } from '../condition/check';

const DELIMS = ' \t\n\r(),=';
const BLANKS = ' \t\n\r';

/** Falco's list substitution, written as plainly as possible. */
function reference(condition: string, table: ListTable): { text: string; origin: number[]; occurrences: string[] } {
  let text = condition;
  let origin = Array.from({ length: condition.length + 1 }, (_, idx) => idx);
  const occurrences: string[] = [];
  for (const list of [...table.ordered].sort((a, b) => a.index - b.index)) {
    if (list.name === '') {
      continue;
    }
    let start = text.indexOf(list.name);
    while (start !== -1) {
      let end = start + list.name.length;
      if ((start === 0 || DELIMS.includes(text[start - 1])) && (end >= text.length || DELIMS.includes(text[end]))) {
        const nameOrigin = origin[start];
        occurrences.push(`${list.name}@${nameOrigin}`);
        while (start > 0 && BLANKS.includes(text[start - 1])) {
          start--;
        }
        while (end < text.length && BLANKS.includes(text[end])) {
          end++;
        }
        if (list.substitution === '') {
          if (start > 0 && text[start - 1] === ',') {
            start--;
          } else if (end < text.length && text[end] === ',') {
            end++;
          }
        }
        const prefix = start > 0 ? `${text.slice(0, start)} ` : '';
        const generated = `${list.substitution} `;
        origin = [...origin.slice(0, start), ...new Array<number>(prefix.length + generated.length - start).fill(nameOrigin), ...origin.slice(end)];
        text = prefix + generated + text.slice(end);
        start += list.substitution.length + 1;
      }
      start = text.indexOf(list.name, start + 1);
    }
  }
  return { text, origin, occurrences };
}

function list(name: string, index: number, items: string[], visibility = index): CollectedList {
  const span = { file: 0, start: 0, end: 0 };
  return { name, index, visibility, items: items.map((value) => ({ value, style: 'PLAIN' as const, span })), nameSpans: [span] };
}

function assertSame(condition: string, table: ListTable, label: string): void {
  const expected = reference(condition, table);
  const source = SourcedText.mapped(condition, 0, Int32Array.from({ length: condition.length + 1 }, (_, idx) => idx));
  const result = substituteLists(source, table);
  assert.equal(result.text.text, expected.text, label);
  assert.deepEqual(
    result.occurrences.map((occurrence) => `${occurrence.list.name}@${occurrence.offset}`),
    expected.occurrences,
    label,
  );
  for (let idx = 0; idx <= expected.text.length; idx++) {
    if (result.text.at(idx).offset !== expected.origin[idx]) {
      assert.fail(`${label}: character ${idx} of ${JSON.stringify(expected.text)} maps to ${result.text.at(idx).offset}, not ${expected.origin[idx]}`);
    }
  }
}

interface Item {
  list?: string;
  items?: unknown[];
  macro?: string;
  rule?: string;
  condition?: unknown;
}

test('official conditions: substituted as the reference does, under each prefix of the lists', () => {
  clearPlanCache();
  const lists: CollectedList[] = [];
  const conditions: string[] = [];
  const tables: ListTable[] = [];
  for (const file of officialRulesFiles()) {
    const items = (parseYaml(fs.readFileSync(file, 'utf8')) ?? []) as Item[];
    for (const item of items) {
      if (item.list !== undefined && Array.isArray(item.items) && !lists.some((known) => known.name === item.list)) {
        lists.push(list(item.list, lists.length, item.items.map(String), lists.length));
      } else if (item.condition !== undefined && item.condition !== null) {
        conditions.push(String(item.condition));
      }
    }
    tables.push(compileLists(lists.slice()));
  }
  assert.ok(conditions.length > 300 && tables.length >= 3);
  let substituted = 0;
  for (const table of tables) {
    for (const condition of conditions) {
      assertSame(condition, table, condition);
      substituted += reference(condition, table).occurrences.length > 0 ? 1 : 0;
    }
  }
  assert.ok(substituted > 100, `only ${substituted} conditions named a list`);
});


test('generated conditions and changing tables: the same as the reference', () => {
  clearPlanCache();
  const next = seededRandom(7);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)];
  const names = ['a', 'b', 'bins', 'sh', 'x_y', 'a b', 'c,d', 'e=f', 'none', 'ab', 'b.c'];
  const words = [...names, 'proc.name', 'in', 'and', '"a b"', 'cat', 'bins2', 'my_bins', ''];
  const conditions: string[] = [];
  for (let idx = 0; idx < 150; idx++) {
    let text = '';
    const length = 1 + Math.floor(next() * 8);
    for (let word = 0; word < length; word++) {
      text += pick(words) + pick([' ', '  ', ',', ', ', '(', ')', '=', '\t', '\n', '', ' , ']);
    }
    conditions.push(text);
  }
  for (let round = 0; round < 40; round++) {
    const lists: CollectedList[] = [];
    for (const name of names) {
      if (next() < 0.6) {
        const items = Array.from({ length: Math.floor(next() * 3) }, () => pick([...names, 'cat', 'two words', '"q r"', 'x']));
        lists.push(list(name, lists.length, items, next() < 0.5 ? lists.length : lists.length + 5));
      }
    }
    const table = compileLists(lists);
    for (const condition of conditions) {
      assertSame(condition, table, `round ${round}: ${JSON.stringify(condition)} with ${lists.map((known) => `${known.name}=[${known.items.map((item) => item.value).join('|')}]`).join(' ')}`);
    }
  }
});

test('a plan is not reused when only a list named inside a substituted list changes', () => {
  clearPlanCache();
  const condition = 'proc.name in (a)';
  const tables = [
    compileLists([list('a', 0, ['b', 'x'])]),
    compileLists([list('a', 0, ['b', 'x']), list('b', 1, ['cat'])]),
    compileLists([list('a', 0, ['b', 'x']), list('b', 1, ['dog'])]),
    compileLists([list('a', 0, ['b', 'x']), list('b', 1, ['dog']), list('c', 2, [])]),
  ];
  // The same compiled list `a` in every table: only what its items name differs.
  assert.ok(tables.every((table) => table.byName.get('a') === tables[0].byName.get('a')));
  for (const table of tables) {
    assertSame(condition, table, `${condition} with ${table.ordered.map((known) => known.name).join(',')}`);
  }
  assert.equal(substituteLists(SourcedText.synthetic(condition, 0, 0), tables[2]).text.text, 'proc.name in ( dog , x )');
});

test('a condition naming lists hundreds of times (origins kept as one array past 64 runs)', () => {
  clearPlanCache();
  const table = compileLists([list('a', 0, ['x', 'b']), list('b', 1, ['y z']), list('none', 2, [])]);
  const parts: string[] = [];
  for (let idx = 0; idx < 300; idx++) {
    parts.push(['a', 'b', 'none', '(a)', ' b ', 'a,none', 'c'][idx % 7]);
  }
  const condition = `proc.name in (${parts.join(', ')}) and fd.name = b`;
  assertSame(condition, table, 'many occurrences');
  assert.ok(substituteLists(SourcedText.synthetic(condition, 0, 0), table).occurrences.length > 300);
});
