/**
 * The delimited pieces list names are looked for in: exactly the pieces of
 * `text.split(/[ \t\n\r(),=]+/)` (empty ones only at the ends), and a name filter that never
 * turns away a piece equal to one of its names.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NameFilter, somePiece } from '../../../server/src/expand/namePieces';
import { seededRandom } from '../../support/random';

function pieces(text: string, filter: NameFilter): string[] {
  const found: string[] = [];
  somePiece(text, filter, (piece) => {
    found.push(piece);
    return false;
  });
  return found;
}

test('pieces are those of split on the delimiters, ends included', () => {
  const everything = { mayHold: () => true } as unknown as NameFilter;
  const alphabet = 'ab_.x \t\n\r(),="\'é';
  const next = seededRandom(5);
  for (let idx = 0; idx < 3000; idx++) {
    let text = '';
    const length = Math.floor(next() * 10);
    for (let char = 0; char < length; char++) {
      text += alphabet[Math.floor(next() * alphabet.length)];
    }
    assert.deepEqual(pieces(text, everything), text.split(/[ \t\n\r(),=]+/), JSON.stringify(text));
  }
});

test('a name filter lets every one of its names through, and stops early when asked', () => {
  const names = ['bins', 'shell_binaries', 'a', '', 'x.y', 'Z9'];
  const filter = new NameFilter(names);
  const text = ` ${names.join(' , ')} (other) `;
  const passed = pieces(text, filter);
  for (const name of names) {
    assert.ok(passed.includes(name), name);
  }
  assert.ok(!passed.includes('other'));
  let calls = 0;
  assert.equal(
    somePiece('bins bins bins', filter, () => ++calls === 2),
    true,
  );
  assert.equal(calls, 2);
});
