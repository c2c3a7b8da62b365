/**
 * Reading an edited file incrementally (only the items around the edited region are cut and
 * looked up again) gives exactly what a full read of the same text gives: the same chunks
 * as `splitItems`, and the same events with every span resolving to the same file offsets
 * and the same text. Checked on chains of random edits of the official files: inserts,
 * deletes and replacements of random size, across item boundaries, at the start and the end
 * of the file, copies of whole items (identical items in one file), and reverts.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { packageRoot } from '../../../server/src/paths';
import { anchorText, resolveOffset } from '../../../server/src/rules/anchors';
import { chunkReadStats, clearChunkCache, fileChunks, forgetFileChunks, readRulesFileChunked, splitItems } from '../../../server/src/rules/chunkedReader';
import { type ReadEvent } from '../../../server/src/rules/reader';

const fixtures = path.join(packageRoot(), 'test', 'fixtures', 'rules');
const names = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml', 'falco-deprecated_rules.yaml'];

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  'x', ' ', '\n', '-', '- ', '\n- ', '#', ':', '  ', '\n\n', '- rule: r\n', '  desc: d\n', '\n- macro: m\n  condition: evt.type = open\n',
  '- list: l\n  items: [a, b]\n', '# comment\n', '---\n', '[', '&a ', '*a', '\r\n', '-\n', 'a: b\n', '\t',
];

/** The events as file offsets: every span resolved, and its text checked against the file's. */
function resolved(events: readonly ReadEvent[], text: string, file: number): string {
  return JSON.stringify(events, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && 'file' in value && 'start' in value && 'end' in value) {
      const span = value as { file: number; start: number; end: number };
      const start = resolveOffset(span.file, span.start);
      const end = resolveOffset(span.file, span.end);
      assert.equal(start.file, file);
      assert.equal(anchorText(span.file).slice(span.start, span.end), text.slice(start.offset, end.offset));
      return { start: start.offset, end: end.offset };
    }
    return value;
  });
}

/** One random edit of `text` (`base` gives whole items to copy). */
function edit(text: string, base: string, next: () => number): string {
  const pick = (count: number): number => Math.floor(next() * count);
  const boundaries = [...text.matchAll(/\n-/g)].map((match) => (match.index ?? 0) + 1);
  const where = (): number => {
    const choice = pick(6);
    if (choice === 0) {
      return 0;
    }
    if (choice === 1) {
      return text.length;
    }
    if (choice <= 3 && boundaries.length > 0) {
      return Math.min(text.length, Math.max(0, boundaries[pick(boundaries.length)] + pick(5) - 2));
    }
    return pick(text.length + 1);
  };
  // Half the edits start and end at line starts (whole lines, often whole items).
  const lineStart = (offset: number): number => (offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1);
  const aligned = pick(2) === 0;
  const at = aligned ? lineStart(where()) : where();
  const length = pick(3) === 0 ? 0 : pick(4) === 0 ? pick(3000) : pick(40);
  // Unaligned edits mostly stay on their line (a cut line at column 0 makes the file unreadable by items).
  const lineEnd = text.indexOf('\n', at) === -1 ? text.length : text.indexOf('\n', at);
  const removed = aligned && length > 0 ? lineStart(Math.min(text.length, at + length)) - at : pick(3) === 0 ? length : Math.min(length, lineEnd - at);
  let inserted = '';
  const kind = pick(4);
  if (kind === 1) {
    inserted = SNIPPETS[pick(SNIPPETS.length)];
  } else if (kind === 2) {
    // A copy of a piece of the file, often whole items (identical items in one file).
    const from = pick(base.length);
    inserted = base.slice(from, from + pick(800));
  } else if (kind === 3) {
    const itemStarts = [...base.matchAll(/^- /gm)].map((match) => match.index ?? 0);
    const first = itemStarts[pick(itemStarts.length)];
    const after = itemStarts.find((start) => start > first) ?? base.length;
    inserted = base.slice(first, after);
  }
  return text.slice(0, at) + inserted + text.slice(Math.min(text.length, at + removed));
}

test('incremental reads of edited official files equal full reads', () => {
  clearChunkCache();
  let kept = 0;
  let cut = 0;
  let compared = 0;
  let whole = 0;
  names.forEach((name, nameIdx) => {
    const base = fs.readFileSync(path.join(fixtures, name), 'utf8');
    const next = random(1000 + nameIdx);
    let text = base;
    let readWhole = false;
    readRulesFileChunked(text, 0);
    for (let step = 0; step < 40; step++) {
      // Back to the original now and then (an undo), and after a text that cannot be cut.
      text = step % 25 === 24 || readWhole ? base : edit(text, base, next);
      const stats = { ...chunkReadStats };
      const incremental = resolved(readRulesFileChunked(text, 0), text, 0);
      kept += chunkReadStats.chunksKept - stats.chunksKept;
      cut += chunkReadStats.chunksCut - stats.chunksCut;
      readWhole = chunkReadStats.whole > stats.whole;
      const chunks = splitItems(text);
      if (chunks === undefined) {
        // Not a one-sequence file: read whole, like a full read (which is the whole reader's).
        assert.ok(readWhole && fileChunks(0).length === 0, `${name} step ${step}: read whole`);
        whole++;
        continue;
      }
      assert.deepEqual(fileChunks(0), chunks, `${name} step ${step}: chunks`);
      forgetFileChunks(1);
      const full = resolved(readRulesFileChunked(text, 1), text, 1);
      if (incremental !== full) {
        const at = [...full].findIndex((char, idx) => incremental[idx] !== char);
        assert.fail(`${name} step ${step}: incremental ${incremental.slice(at - 200, at + 100)}\nfull ${full.slice(at - 200, at + 100)}`);
      }
      compared++;
    }
  });
  // Incremental reads keep most chunks.
  assert.ok(compared + whole === 160 && whole < compared / 4, `${whole} of ${compared} texts read whole`);
  assert.ok(kept > cut, `kept ${kept}, cut ${cut}`);
});

test('a one-character edit inside an item cuts that item only', () => {
  clearChunkCache();
  const text = fs.readFileSync(path.join(fixtures, 'falco_rules.yaml'), 'utf8');
  const at = text.indexOf('desc:', text.indexOf('- rule:', text.length / 2)) + 'desc: '.length;
  const total = splitItems(text)?.length ?? 0;
  readRulesFileChunked(text, 0);
  const before = { ...chunkReadStats };
  const edited = text.slice(0, at) + 'x' + text.slice(at);
  const events = resolved(readRulesFileChunked(edited, 0), edited, 0);
  assert.equal(chunkReadStats.chunksCut - before.chunksCut, 1);
  assert.equal(chunkReadStats.chunksKept - before.chunksKept, total - 1);
  assert.equal(chunkReadStats.whole, before.whole);
  forgetFileChunks(1);
  assert.equal(events, resolved(readRulesFileChunked(edited, 1), edited, 1));
});

test('an undone edit and a forgotten file get their first records back from the chunk cache', () => {
  clearChunkCache();
  const text = fs.readFileSync(path.join(fixtures, 'falco_rules.yaml'), 'utf8');
  const at = text.indexOf('desc:', text.indexOf('- rule:')) + 'desc: '.length;
  const first = readRulesFileChunked(text, 0);
  const edited = readRulesFileChunked(text.slice(0, at) + 'x' + text.slice(at), 0);
  assert.notEqual(edited.length, 0);
  const undone = readRulesFileChunked(text, 0);
  assert.equal(undone.length, first.length);
  assert.ok(undone.every((event, idx) => event === first[idx]), 'the undone item has its first records');
  forgetFileChunks(0);
  const again = readRulesFileChunked(text, 0);
  assert.ok(again.every((event, idx) => event === first[idx]), 'a forgotten file reads its cached chunks');
  assert.equal(resolved(again, text, 0), resolved(first, text, 0));
});
