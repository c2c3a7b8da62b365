/**
 * Every request on broken and half-typed rules text: the official file cut at seeded
 * random places, with junk spliced in, asked for hover, completion, definition,
 * references, rename, symbols, semantic tokens, folding and code actions at many positions.
 * The server must answer every request and log no caught bug ("… failed:").
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { packageRoot } from '../../../server/src/paths';
import { startServer, type LspSession } from './support';

const OFFICIAL = fs.readFileSync(path.join(packageRoot(), 'test', 'fixtures', 'rules', 'falco_rules.yaml'), 'utf8');
const JUNK = ['(', ')', ' and ', ' not ', '"', "'", ': ', '\n- rule: ', '\n  condition: ', ' in (', '%', '[', '\t', ' evt.type = ', '- macro:', '\u00e9\u4e2d', '\\'];

let session: LspSession;

before(async () => {
  session = await startServer();
});

after(async () => {
  await session.close();
});

/** A small deterministic generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('every request on mangled rules text answers without a caught bug', { timeout: 120_000 }, async () => {
  const next = random(20261123);
  for (let docIdx = 0; docIdx < 6; docIdx++) {
    // Step 1: a mangled document: a random slice of the official file with junk spliced in.
    const start = Math.floor(next() * OFFICIAL.length * 0.8);
    let text = OFFICIAL.slice(start, start + 3000 + Math.floor(next() * 6000));
    for (let junkIdx = 0; junkIdx < 15; junkIdx++) {
      const at = Math.floor(next() * text.length);
      text = text.slice(0, at) + JUNK[Math.floor(next() * JUNK.length)] + text.slice(at);
    }
    const name = `mangled_${docIdx}_rules.yaml`;
    await session.open(name, text);
    const textDocument = { uri: session.uri(name) };
    const lines = text.split('\n');
    // Step 2: position requests at random places.
    for (let probe = 0; probe < 25; probe++) {
      const line = Math.floor(next() * lines.length);
      const position = { line, character: Math.floor(next() * (lines[line].length + 1)) };
      const range = { start: position, end: position };
      await Promise.all([
        session.connection.sendRequest('textDocument/hover', { textDocument, position }),
        session.connection.sendRequest('textDocument/completion', { textDocument, position }),
        session.connection.sendRequest('textDocument/definition', { textDocument, position }),
        session.connection.sendRequest('textDocument/references', { textDocument, position, context: { includeDeclaration: true } }),
        session.connection.sendRequest('textDocument/prepareRename', { textDocument, position }).catch((err: Error) => assert.match(err.message, /Only rules, macros and lists/)),
        session.connection.sendRequest('textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }),
      ]);
    }
    // Step 3: whole-document requests.
    await Promise.all([
      session.connection.sendRequest('textDocument/documentSymbol', { textDocument }),
      session.connection.sendRequest('textDocument/semanticTokens/full', { textDocument }),
      session.connection.sendRequest('textDocument/foldingRange', { textDocument }),
      session.connection.sendRequest('workspace/symbol', { query: 'shell' }),
    ]);
    await session.diagnostics(name);
  }
  assert.doesNotMatch(session.stderr(), / failed: /, 'no handler caught a bug');
});
