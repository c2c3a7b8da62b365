/**
 * Event names to event codes, as Falco counts them for evt.type indexing and LOAD_NO_EVTTYPE,
 * checked against data/event-schema.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import { allEventCodes, eventCodesForName, eventName, knownEventNames } from '../../../server/src/fields/eventTable';
import { dataFile } from '../../../server/src/paths';

interface SchemaEvent {
  id: number;
  name: string;
  flags: string[];
}

const schema = JSON.parse(fs.readFileSync(dataFile('event-schema.json'), 'utf8')) as {
  ppm_event_max: number;
  events: SchemaEvent[];
};

function schemaIdsNamed(name: string): number[] {
  return schema.events.filter((event) => event.name === name).map((event) => event.id);
}

test('open selects its enter and exit codes', () => {
  assert.deepEqual(eventCodesForName('open'), [2, 3]);
});

test('openat selects every version, old ones included', () => {
  const codes = eventCodesForName('openat') ?? [];
  assert.deepEqual(codes, schemaIdsNamed('openat'));
  assert.ok(codes.length >= 4, 'openat has an old and a current version');
  assert.ok(codes.some((code) => schema.events[code]?.flags.includes('EF_OLD_VERSION')));
});

test('execve selects all 16 codes of its 8 versions', () => {
  assert.deepEqual(eventCodesForName('execve'), [12, 13, 154, 155, 172, 173, 214, 215, 230, 231, 282, 283, 288, 289, 292, 293]);
});

test('connect selects every connect code of the schema', () => {
  const codes = eventCodesForName('connect');
  assert.deepEqual(codes, schemaIdsNamed('connect'));
  assert.ok((codes ?? []).length >= 2);
});

test('a syscall without a dedicated event selects the generic pair', () => {
  assert.deepEqual(schemaIdsNamed('madvise'), []);
  assert.deepEqual(eventCodesForName('madvise'), [0, 1]);
  assert.deepEqual(eventCodesForName('mprotect'), schemaIdsNamed('mprotect').length > 0 ? schemaIdsNamed('mprotect') : [0, 1]);
});

test('procexit is an enter-only meta event: old and current codes, no unused exit slot', () => {
  assert.deepEqual(eventCodesForName('procexit'), [16, 186]);
  assert.equal(eventName(17), 'NA');
});

test('other meta events have names', () => {
  assert.deepEqual(eventCodesForName('container'), schemaIdsNamed('container'));
  assert.ok((eventCodesForName('asyncevent') ?? []).length > 0);
  assert.ok((eventCodesForName('switch') ?? []).length > 0);
});

test('an unknown name is undefined', () => {
  assert.equal(eventCodesForName('nosuchevent'), undefined);
  assert.equal(eventCodesForName(''), undefined);
});

test('syscall, the generic pair name, is known but selects nothing (libsinsp matches names from code 2)', () => {
  assert.deepEqual(eventCodesForName('syscall'), []);
  assert.ok(knownEventNames().includes('syscall'));
});

test('the universe is every code of the schema', () => {
  const codes = allEventCodes();
  assert.equal(codes.length, schema.ppm_event_max);
  assert.equal(codes.length, schema.events.length);
  assert.deepEqual(codes, [...codes].sort((left, right) => left - right));
});

test('known names cover events and syscalls, without placeholders', () => {
  const names = knownEventNames();
  assert.ok(names.includes('open'));
  assert.ok(names.includes('madvise'));
  assert.ok(names.includes('procexit'));
  assert.ok(!names.includes('NA'));
  assert.equal(eventName(2), 'open');
  assert.equal(eventName(100000), '');
});
