/**
 * `guard`: an exception in a request handler becomes the neutral answer and one log line
 * naming the request; a `ResponseError` (a deliberate answer such as "cannot rename this")
 * goes through to the client.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { guard } from '../../../server/src/server/guard';

test('a bug becomes the fallback answer and a log line', () => {
  const lines: string[] = [];
  const handler = guard({ error: (message) => lines.push(message) }, 'hover', null as string | null, (offset: number) => {
    if (offset > 10) {
      throw new TypeError('boom');
    }
    return `at ${offset}`;
  });
  assert.equal(handler(3), 'at 3');
  assert.equal(handler(11), null);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /^hover failed: TypeError: boom/);
});

test('a ResponseError is an answer and goes through', () => {
  const lines: string[] = [];
  const handler = guard({ error: (message) => lines.push(message) }, 'rename', null, () => {
    throw new ResponseError(ErrorCodes.InvalidRequest, 'Only rules, macros and lists can be renamed.');
  });
  assert.throws(handler, /Only rules, macros and lists/);
  assert.deepEqual(lines, []);
});
