/**
 * An editing session must not keep every version it has seen: the language server loads the
 * workspace on each keystroke for hours. Two leaks this guards against: a load's collector
 * keeping the previous load alive (a chain of every load), and cached item chunks keeping the
 * whole file text they were cut from (one file version per keystroke). Measured with forced
 * garbage collection: 300 one-character edits of falco_rules.yaml leave the heap less than
 * 12 MB bigger (4 MB here; with the leaks back it grew by 23-28 MB, and by 1.2 GB over 3000 edits; what remains
 * is the per-text caches, which are bounded).
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { clearLoaderCaches, loadRules, type RulesFile } from '../../../server/src/compile/load';
import { packageRoot } from '../../../server/src/paths';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const fixtures = path.join(packageRoot(), 'test', 'fixtures', 'rules');
const official: RulesFile[] = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((name) => ({
  name,
  text: fs.readFileSync(path.join(fixtures, name), 'utf8'),
}));
const first = official[0].text;
const editAt = first.indexOf('(', first.indexOf('condition:', first.indexOf('- rule:'))) + 1;

/** The official files with `count` spaces typed inside a rule condition of the first file. */
function edited(count: number): RulesFile[] {
  return [{ ...official[0], text: first.slice(0, editAt) + ' '.repeat(count) + first.slice(editAt) }, official[1], official[2]];
}

test('300 one-character edits do not keep the versions of the file', () => {
  clearLoaderCaches();
  loadRules(edited(0), { compileEachFile: true });
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let count = 1; count <= 300; count++) {
    loadRules(edited(count), { compileEachFile: true });
  }
  gc();
  const grownMb = (process.memoryUsage().heapUsed - before) / 1e6;
  assert.ok(grownMb < 12, `the heap grew by ${grownMb.toFixed(1)} MB over 300 edits`);
  clearLoaderCaches();
});
