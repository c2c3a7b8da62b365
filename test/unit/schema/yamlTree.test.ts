/**
 * The schema check reads YAML through the reader's fast path when it can and through the
 * `yaml` package otherwise (`schema/yamlTree.ts`): both must give the same tree, values and
 * positions, on every rules file of the test suite (fixtures, golden corpora, e2e workspaces)
 * that the fast path reads.
 */
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { packageRoot } from '../../../server/src/paths';
import { readByItems, readSchemaTree, readWithPackage } from '../../../server/src/schema/yamlTree';

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      yamlFiles(file, out);
    } else if (entry.name.endsWith('.yaml')) {
      out.push(file);
    }
  }
  return out;
}

test('the fast path and the yaml package give the same schema tree on every test rules file', () => {
  const files = yamlFiles(path.join(packageRoot(), 'test'));
  assert.ok(files.length >= 250, `expected the test corpora, found ${files.length}`);
  let fastRead = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const byItems = readByItems(text);
    if (byItems !== undefined) {
      fastRead++;
      assert.deepEqual(byItems, readWithPackage(text), path.relative(packageRoot(), file));
    }
  }
  // Most rules files are in the fast subset, so the comparison is not vacuous.
  assert.ok(fastRead >= files.length / 2, `only ${fastRead} of ${files.length} files took the fast path`);
});

test('shapes at the edges of the fast subset give the same tree', () => {
  const texts = [
    '',
    '# only a comment\n',
    '- rule: r\n  desc:\n  enabled: ~\n  tags: []\n',
    "- list: l\n  items: [a, 'b', \"c\", 0700, yes]\n",
    '- macro: m\n  condition: >\n    a and\n    b\n- rule: r\n  condition: |\n    x\n',
    '- rule: r\n  exceptions:\n    - name: e\n      fields: [a, b]\n      values:\n        - [x, y]\n',
    '- required_engine_version: 0.26.0\n- required_plugin_versions:\n  - name: p\n    version: 1.0.0\n',
    '- rule: r\n  output: ""\n  priority: warning\n  x:\n',
  ];
  for (const text of texts) {
    assert.deepEqual(readSchemaTree(text), readWithPackage(text), JSON.stringify(text));
  }
  // The item-by-item path took the plain ones.
  assert.ok(readByItems(texts[2]) !== undefined && readByItems(texts[5]) !== undefined);
});
