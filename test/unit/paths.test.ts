/**
 * The package root is found from compiled test locations too, and data files resolve in it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { dataFile, packageRoot } from '../../server/src/paths';

test('packageRoot finds the manifest and dataFile resolves the event schema', () => {
  const manifest = JSON.parse(fs.readFileSync(`${packageRoot()}/package.json`, 'utf8')) as { name: string };
  assert.equal(manifest.name, 'falco-rule-studio');
  assert.ok(fs.existsSync(dataFile('event-schema.json')));
});
