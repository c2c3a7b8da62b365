/**
 * Tests for the field catalog API (`server/src/fields/index.ts`): lookups of plain, dynamic
 * and per-source names over the committed `data/fields.json`. Catalog content checks against
 * the official rules and sysdig's listing live in their own test files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFieldCatalog } from '../../../server/src/fields/index';

test('plain syscall fields resolve with their type', () => {
  const catalog = loadFieldCatalog();
  assert.equal(catalog.lookup('proc.name', 'syscall')?.type, 'charbuf');
  assert.equal(catalog.lookup('fd.num', 'syscall')?.class, 'fd');
  assert.equal(catalog.lookup('proc.nosuchfield', 'syscall'), undefined);
});

test('evt.arg.<name> resolves to evt.arg with the dotted argument', () => {
  const field = loadFieldCatalog().lookup('evt.arg.fd', 'syscall');
  assert.equal(field?.baseName, 'evt.arg');
  assert.equal(field?.dotArg, 'fd');
  assert.equal(field?.name, 'evt.arg.fd');
});

test('evt.rawarg.<name> takes the type of the first event parameter with that name', () => {
  const catalog = loadFieldCatalog();
  assert.equal(catalog.lookup('evt.rawarg.res', 'syscall')?.type, 'errno');
  assert.equal(catalog.lookup('evt.rawarg.nosuchparam', 'syscall'), undefined);
});

test('syscall is a known source and unknown sources have no fields', () => {
  const catalog = loadFieldCatalog();
  assert.ok(catalog.isKnownSource('syscall'));
  assert.ok(!catalog.isKnownSource('nosuchsource'));
  assert.deepEqual(catalog.fieldsForSource('nosuchsource'), []);
  assert.ok(catalog.fieldsForSource('syscall').length > 250);
});
