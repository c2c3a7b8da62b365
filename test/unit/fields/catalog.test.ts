/**
 * Tests for the field catalog API (`server/src/fields/index.ts`): lookups of plain, dynamic
 * and per-source names over the committed `data/fields.json`. Catalog content checks against
 * the official rules and sysdig's listing live in their own test files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFieldCatalog, unknownDynamicFieldMessage } from '../../../server/src/fields/index';

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

test('dotted names resolve only where libsinsp accepts the argument', () => {
  const catalog = loadFieldCatalog();
  assert.equal(catalog.lookup('evt.arg.nosuchparam', 'syscall'), undefined);
  assert.equal(catalog.lookup('evt.type.is.open', 'syscall')?.baseName, 'evt.type.is');
  assert.equal(catalog.lookup('evt.type.is.3', 'syscall')?.dotArg, '3');
  assert.equal(catalog.lookup('evt.type.is.madvise', 'syscall'), undefined);
  assert.equal(catalog.lookup('evt.abspath.src', 'syscall')?.baseName, 'evt.abspath');
  assert.equal(catalog.lookup('evt.abspath.other', 'syscall'), undefined);
  assert.equal(catalog.lookup('thread.cgroup.cpuacct', 'syscall')?.baseName, 'thread.cgroup');
  assert.equal(catalog.lookup('container.label.maintainer', 'syscall')?.dotArg, 'maintainer');
  assert.equal(catalog.lookup('k8s.pod.label.app.kubernetes.io', 'syscall')?.dotArg, 'app.kubernetes.io');
  // Fields without a dotted argument form do not swallow a suffix.
  assert.equal(catalog.lookup('proc.name.x', 'syscall'), undefined);
  assert.equal(catalog.lookup('proc.env.HOME', 'syscall'), undefined);
});

test('per-source lookups do not leak fields across sources', () => {
  const catalog = loadFieldCatalog();
  assert.equal(catalog.lookup('ka.verb', 'syscall'), undefined);
  assert.equal(catalog.lookup('ka.verb', 'k8s_audit')?.class, 'k8saudit');
  assert.equal(catalog.lookup('proc.name', 'k8s_audit'), undefined);
  assert.equal(catalog.lookup('evt.time', 'okta')?.class, 'evt');
  assert.equal(catalog.lookup('json.value', 'aws_cloudtrail')?.arg, 'required');
  assert.equal(catalog.lookup('proc.name', 'nosuchsource'), undefined);
  // Without a source, any source's field is found.
  assert.equal(catalog.lookup('ct.name')?.sources[0], 'aws_cloudtrail');
});

test('an unknown event parameter gets libsinsp message', () => {
  assert.equal(unknownDynamicFieldMessage('evt.arg.nosuchparam'), 'unknown event argument nosuchparam');
  assert.equal(unknownDynamicFieldMessage('evt.rawarg.nosuchparam'), 'unknown event argument nosuchparam');
  assert.equal(unknownDynamicFieldMessage('evt.arg.fd'), undefined);
  assert.equal(unknownDynamicFieldMessage('proc.nosuch'), undefined);
});
