/**
 * The editor side of the schema check: schema warnings become Information diagnostics with
 * source `falco schema` at the offending node, cached per URI until the text changes, and
 * forgotten for files that left the load.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { positionsOf, toSchemaDiagnostic } from '../../../server/src/server/convert';
import { SchemaDiagnostics } from '../../../server/src/server/schemaDiagnostics';

const text = '- rule: R\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: info\n  colour: red\n';

test('schema warnings are Information diagnostics at the node, source falco schema, no code', () => {
  const cache = new SchemaDiagnostics();
  const diagnostics = cache.of('file:///a.yaml', text, positionsOf(text));
  assert.deepEqual(
    diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.source, diagnostic.code, diagnostic.range.start, diagnostic.range.end, diagnostic.message.split(':')[0]]),
    [
      [DiagnosticSeverity.Information, 'falco schema', undefined, { line: 4, character: 12 }, { line: 4, character: 16 }, '/0/priority'],
      [DiagnosticSeverity.Information, 'falco schema', undefined, { line: 5, character: 2 }, { line: 5, character: 8 }, '/0'],
    ],
  );
});

test('the cache answers an unchanged text with the same diagnostics and re-checks a changed one', () => {
  const cache = new SchemaDiagnostics();
  const first = cache.of('file:///a.yaml', text, positionsOf(text));
  assert.equal(cache.of('file:///a.yaml', text, positionsOf(text)), first);
  const fixed = text.replace('priority: info', 'priority: INFO').replace('  colour: red\n', '');
  assert.deepEqual(cache.of('file:///a.yaml', fixed, positionsOf(fixed)), []);
  cache.keepOnly(new Set(['file:///b.yaml']));
  assert.notEqual(cache.of('file:///a.yaml', text, positionsOf(text)), first);
});

test('an empty or past-the-end range still covers one character', () => {
  const short = '- x';
  const diagnostic = toSchemaDiagnostic({ message: 'm', offset: 10, end: 10 }, short, positionsOf(short));
  assert.deepEqual(diagnostic.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } });
  const word = toSchemaDiagnostic({ message: 'm', offset: 2, end: 2 }, short, positionsOf(short));
  assert.deepEqual(word.range, { start: { line: 0, character: 2 }, end: { line: 0, character: 3 } });
});
