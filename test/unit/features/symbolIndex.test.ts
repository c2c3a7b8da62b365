/**
 * The editor's symbol index agrees with the analysis façade on the official rules files:
 * the same definitions, every reference the loader resolved, and on top only what the
 * loader does not report: list names used inside other lists' `items`, and uses inside a
 * macro or list that a later file redefines (Falco never compiles the shadowed one, but the
 * user still reads and renames it). Token ranges are checked against the text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { Analysis } from '../../../server/src/analysis';
import { buildSymbolIndex } from '../../../server/src/features/symbolIndex';
import { packageRoot } from '../../../server/src/paths';

const FILES = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((name) => path.join(packageRoot(), 'test', 'fixtures', 'rules', name));

test('definitions and references match the analysis façade on the official files', () => {
  const texts = FILES.map((file) => fs.readFileSync(file, 'utf8'));
  const analysis = new Analysis();
  analysis.setRulesFiles(FILES);
  const index = buildSymbolIndex(texts);
  const key = (kind: string, file: number, start: number, end: number): string => `${kind} ${file} ${start} ${end}`;

  const theirDefinitions = new Set(analysis.definitions().map((def) => key(def.kind, FILES.indexOf(def.file), def.start, def.end)));
  const ourDefinitions = new Set(index.symbols.filter((symbol) => symbol.role !== 'reference').map((symbol) => key(symbol.kind, symbol.file, symbol.start, symbol.end)));
  assert.deepEqual([...ourDefinitions].sort(), [...theirDefinitions].sort());

  const theirReferences = new Set(analysis.references().map((ref) => key(ref.kind, FILES.indexOf(ref.file), ref.start, ref.end)));
  const ourReferences = index.symbols.filter((symbol) => symbol.role === 'reference');
  const ours = new Set(ourReferences.map((symbol) => key(symbol.kind, symbol.file, symbol.start, symbol.end)));
  const missing = [...theirReferences].filter((ref) => !ours.has(ref));
  assert.deepEqual(missing, [], 'every reference the loader resolved is in the index');
  for (const symbol of ourReferences) {
    assert.equal(texts[symbol.file].slice(symbol.start, symbol.end), symbol.name, `the range of ${symbol.kind} ${symbol.name} covers its name`);
    if (!theirReferences.has(key(symbol.kind, symbol.file, symbol.start, symbol.end))) {
      const lineStart = texts[symbol.file].lastIndexOf('\n', symbol.start) + 1;
      const enclosing = index.items.find((indexed) => indexed.file === symbol.file && indexed.item.span.start <= symbol.start && symbol.end <= indexed.item.span.end);
      assert.ok(enclosing !== undefined);
      const item = enclosing.item;
      const shadowed =
        (item.kind === 'macro' || item.kind === 'list') && index.byName(item.kind, item.name).some((other) => other.file > enclosing.file && !('append' in other.item && other.item.append));
      assert.ok(item.kind === 'list' || shadowed, `unexpected extra reference at ${texts[symbol.file].slice(lineStart, symbol.end)}`);
    }
  }
  assert.ok(ourReferences.length > 700);
});
