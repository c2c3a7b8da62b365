/**
 * Textual list substitution (Falco's `resolve_list`) and compiled lists, through the public
 * functions: delimiters, consumed blanks, quoting, the empty-list comma, one-level
 * expansion, positions of substituted text, and when a substitution holds under another table.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileLists, substituteLists, substitutesAlike } from '../../../server/src/expand/lists';
import { type CollectedList } from '../../../server/src/rules/collector';
import { SourcedText } from '../../../server/src/rules/sourcedText';

function list(name: string, index: number, items: string[], visibility = index): CollectedList {
  const span = { file: 0, start: 0, end: 0 };
  return { name, index, visibility, items: items.map((value) => ({ value, style: 'PLAIN' as const, span })), nameSpans: [span] };
}

function substitute(condition: string, lists: CollectedList[]): string {
  const text = SourcedText.mapped(condition, 0, Int32Array.from({ length: condition.length + 1 }, (_, idx) => idx));
  return substituteLists(text, compileLists(lists)).text.text;
}

test('a list name between delimiters is replaced, blanks consumed', () => {
  assert.equal(substitute('proc.name in (bins)', [list('bins', 0, ['cat', 'sh'])]), 'proc.name in ( cat, sh )');
  assert.equal(substitute('proc.name in (x,  bins )', [list('bins', 0, ['cat'])]), 'proc.name in (x, cat )');
});

test('a name inside a longer word is not a list reference', () => {
  assert.equal(substitute('proc.name in (my_bins, bins_x)', [list('bins', 0, ['cat'])]), 'proc.name in (my_bins, bins_x)');
});

test('after = the list is substituted too (no context), as Falco does', () => {
  assert.equal(substitute('proc.name=bins', [list('bins', 0, ['cat'])]), 'proc.name= cat ');
});

test('items with a space are quoted unless already quoted', () => {
  assert.equal(substitute('x in (l)', [list('l', 0, ['a b', '"c d"', "'e f'"])]), 'x in ( "a b", "c d", \'e f\' )');
});

test('an empty list removes one adjacent comma', () => {
  assert.equal(substitute('x in (a, none)', [list('none', 0, [])]), 'x in (a  )');
  assert.equal(substitute('x in (none, a)', [list('none', 0, [])]), 'x in (   a)');
});

test('one-level expansion of lists named in items, with visibility', () => {
  const table = compileLists([list('a', 0, ['cat']), list('b', 1, ['a', 'sh']), list('c', 2, ['d']), list('d', 3, ['x'])]);
  assert.deepEqual(table.byName.get('b')?.items, ['cat', 'sh']);
  // d was defined after c: not visible, so "d" stays a literal string.
  assert.deepEqual(table.byName.get('c')?.items, ['d']);
  assert.ok(table.referencedByLists.has('a'));
});

test('substituted text maps back to the list name; the rest keeps its offsets', () => {
  const condition = 'proc.name in (bins) and fd.num = 1';
  const text = SourcedText.mapped(condition, 0, Int32Array.from({ length: condition.length + 1 }, (_, idx) => idx));
  const result = substituteLists(text, compileLists([list('bins', 0, ['cat', 'sh'])]));
  const out = result.text;
  assert.equal(out.at(out.text.indexOf('sh')).offset, condition.indexOf('bins'));
  assert.equal(out.at(out.text.indexOf('fd.num')).offset, condition.indexOf('fd.num'));
  assert.deepEqual(result.occurrences.map((occurrence) => occurrence.offset), [condition.indexOf('bins')]);
});

test('a substitution holds under another table unless a list it could look up differs', () => {
  const condition = 'proc.name in (bins) and not user.name in (admins)';
  const text = SourcedText.mapped(condition, 0, Int32Array.from({ length: condition.length + 1 }, (_, idx) => idx));
  const shells = list('shells', 0, ['sh']);
  const bins = list('bins', 1, ['cat', 'shells', 'extra'], 2);
  const older = compileLists([shells, bins]);
  const before = substituteLists(text, older);
  assert.equal(before.text.text, 'proc.name in ( cat, sh, extra ) and not user.name in (admins)');
  // Its answer, checked against substituting again: alike exactly when the result is.
  const alike = (newer: ReturnType<typeof compileLists>): boolean => {
    const holds = substitutesAlike(condition, before.used, older, newer);
    const after = substituteLists(text, newer);
    assert.equal(after.text.text === before.text.text && after.used.every((used, idx) => used === before.used[idx]), holds);
    return holds;
  };
  assert.equal(substitutesAlike(condition, before.used, older, older), true);
  // A list no piece of the text or of `bins`'s items names is added: the same answers.
  assert.equal(alike(compileLists([shells, bins, list('other', 2, ['x'])])), true);
  // A list the text names (`admins`) now exists.
  assert.equal(alike(compileLists([shells, bins, list('admins', 2, ['root'])])), false);
  // A used list's items change.
  assert.equal(alike(compileLists([shells, list('bins', 1, ['dog', 'shells'], 2)])), false);
  // Only a list named by a used list's substitution (`extra`) now exists.
  assert.equal(alike(compileLists([shells, bins, list('extra', 2, ['x'])])), false);
});
