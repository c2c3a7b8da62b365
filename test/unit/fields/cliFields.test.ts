/**
 * `falco-studio fields`: runs the built CLI (out/cli/main.js) and checks its listing against
 * the catalog, for every source, one source, and a bad source.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { loadFieldCatalog } from '../../../server/src/fields/index';
import { packageRoot } from '../../../server/src/paths';

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const res = spawnSync(process.execPath, [path.join(packageRoot(), 'out', 'cli', 'main.js'), 'fields', ...args], { encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

test('fields --json lists every catalog field once', () => {
  const res = runCli(['--json']);
  assert.equal(res.status, 0, res.stderr);
  const listed = (JSON.parse(res.stdout) as { fields: { name: string; sources: string[]; type: string }[] }).fields;
  const catalog = loadFieldCatalog();
  const expected = new Set(catalog.sources().flatMap((source) => catalog.fieldsForSource(source).map((field) => `${field.sources.join(',')}:${field.name}`)));
  assert.equal(listed.length, expected.size);
  assert.equal(listed.find((field) => field.name === 'proc.name')?.type, 'charbuf');
});

test('fields --source okta lists the okta fields and the generic evt fields only', () => {
  const res = runCli(['--source', 'okta']);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /^Field Class: evt \(source okta\)/);
  assert.match(res.stdout, /\nokta\.mfa\.failure\.countlast\[index\] +UINT64 /);
  assert.doesNotMatch(res.stdout, /proc\.name/);
});

test('fields with an unknown source or argument fails with usage', () => {
  const unknownSource = runCli(['--source', 'nosuchsource']);
  assert.equal(unknownSource.status, 2);
  assert.match(unknownSource.stderr, /unknown source 'nosuchsource'/);
  const badArg = runCli(['--bogus']);
  assert.equal(badArg.status, 2);
  assert.match(badArg.stderr, /unexpected argument '--bogus'/);
});
