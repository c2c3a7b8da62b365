/**
 * The field catalog and the native registry agree: every syscall or k8s_audit field that data/fields.json
 * marks extractable has an extractor with the same type and list-ness, and every extractor is
 * marked extractable. Fix drift with `node scripts/native/mark-extractable.js`.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { loadAddon } from '../../../server/src/engine/addon';
import { dataFile, packageRoot } from '../../../server/src/paths';

interface CatalogField {
  name: string;
  sources: string[];
  type: string;
  isList: boolean;
  extractable: boolean;
}

test('catalog extractable fields and the native registry agree on names and types', () => {
  const catalog = JSON.parse(fs.readFileSync(dataFile('fields.json'), 'utf8')) as { fields: CatalogField[] };
  const engineSources = ['syscall', 'k8s_audit'];
  const marked = new Map(catalog.fields.filter((f) => f.extractable && f.sources.some((s) => engineSources.includes(s))).map((f) => [f.name, f]));
  const registry = loadAddon().fieldRegistry();
  const registered = new Map(registry.map((f) => [f.name, f]));
  assert.ok(registry.length >= 100, `only ${registry.length} extractors`);
  const notMarked = [...registered.keys()].filter((name) => !marked.has(name));
  const noExtractor = [...marked.keys()].filter((name) => !registered.has(name));
  assert.deepEqual(notMarked, [], 'extractors whose catalog entry is not extractable (or missing)');
  assert.deepEqual(noExtractor, [], 'catalog fields marked extractable without an extractor');
  for (const [name, field] of registered) {
    const entry = marked.get(name) as CatalogField;
    assert.equal(field.type, entry.type, `${name}: registry type vs catalog type`);
    assert.equal(field.isList, entry.isList, `${name}: list-ness`);
  }
});

test('the oracle columns and the fields of the official syscall rules are extractable', () => {
  const registry = new Set(loadAddon().fieldRegistry().map((f) => f.name));
  for (const name of ['evt.num', 'evt.type', 'evt.dir', 'thread.tid', 'proc.name', 'proc.cmdline', 'proc.pname', 'proc.exepath', 'fd.num', 'fd.type', 'fd.name', 'user.name', 'evt.res', 'proc.aname', 'fd.directory', 'fd.typechar', 'evt.arg', 'user.loginuid', 'proc.tty', 'container.id']) {
    assert.ok(registry.has(name), name);
  }
});

test('every syscall field of the official rules conditions and outputs has an extractor', () => {
  const catalog = JSON.parse(fs.readFileSync(dataFile('fields.json'), 'utf8')) as { fields: CatalogField[] };
  const known = new Set(catalog.fields.filter((f) => f.sources.includes('syscall')).map((f) => f.name));
  const registry = new Set(loadAddon().fieldRegistry().map((f) => f.name));
  const used = new Set<string>();
  for (const file of ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml']) {
    const items = parse(fs.readFileSync(path.join(packageRoot(), 'test', 'fixtures', 'rules', file), 'utf8')) as Record<string, unknown>[];
    for (const item of items) {
      for (const text of [item.condition, item.output]) {
        if (typeof text !== 'string') continue;
        // The longest catalog name that prefixes each dotted word (evt.arg.flags -> evt.arg).
        for (const m of text.matchAll(/\b([a-z0-9_]+(?:\.[a-z0-9_]+)+)/g)) {
          let name = m[1];
          while (name.includes('.') && !known.has(name)) name = name.slice(0, name.lastIndexOf('.'));
          if (known.has(name)) used.add(name);
        }
      }
    }
  }
  assert.ok(used.size > 50, `only ${used.size} fields found`);
  assert.deepEqual([...used].filter((name) => !registry.has(name)).sort(), []);
});
