/**
 * Navigation over stdio across the official rules files and a custom file: go to
 * definition, references with exact token ranges (including list names inside `( … )` and
 * inside other lists' items), rename across files with name validation, document and
 * workspace symbols. Inputs carry the cursor marker `$0`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { type DocumentSymbol, type Location, type Position, type SymbolInformation, type WorkspaceEdit } from 'vscode-languageserver/node';
import { startServer, textOf, type LspSession } from './support';

let session: LspSession;
let nDoc = 0;

before(async () => {
  session = await startServer();
});

after(async () => {
  await session.close();
});

const CUSTOM = `- list: my_shells
  items: [shell_binaries, fish]
- macro: my_spawn
  condition: spawned_process and proc.name in (my_shells)
- rule: My rule
  desc: test rule
  condition: my_spawn and not proc.name in (shell_binaries, cat)
  output: fired (proc.name=%proc.name)
  priority: WARNING
`;

/** Opens the custom file with the marker at the `nth` occurrence of `needle` (+ `shift`). */
async function openAt(needle: string, shift = 1, nth = 0): Promise<{ name: string; text: string; position: Position }> {
  let at = -1;
  for (let idx = 0; idx <= nth; idx++) {
    at = CUSTOM.indexOf(needle, at + 1);
  }
  assert.ok(at >= 0, `${needle} is in the input`);
  const name = `nav_${nDoc++}_rules.yaml`;
  const position = await session.openWithCursor(name, `${CUSTOM.slice(0, at + shift)}$0${CUSTOM.slice(at + shift)}`);
  return { name, text: CUSTOM, position };
}

function fileText(uri: string): string {
  const name = path.basename(new URL(uri).pathname);
  return name.startsWith('nav_') ? CUSTOM : fs.readFileSync(path.join(session.folder, name), 'utf8');
}

test('definition of a macro of falco_rules.yaml used in a custom file', async () => {
  const { name, position } = await openAt('my_spawn and', 0, 0);
  const local = await session.connection.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: session.uri(name) }, position });
  assert.equal(local.length, 1);
  assert.equal(textOf(CUSTOM, local[0].range), 'my_spawn');
  assert.equal(local[0].range.start.line, 2);

  const other = await openAt('spawned_process', 3);
  const defs = await session.connection.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: session.uri(other.name) }, position: other.position });
  const official = defs.find((def) => def.uri.endsWith('/falco_rules.yaml'));
  assert.ok(official, JSON.stringify(defs));
  assert.equal(textOf(fileText(official.uri), official.range), 'spawned_process');
  assert.match(fileText(official.uri).split('\n')[official.range.start.line], /^- macro: spawned_process/);
});

test('references of a list: inside ( … ), inside other lists, in every file, exact tokens', async () => {
  const { name, position } = await openAt('shell_binaries, cat', 2);
  const refs = await session.connection.sendRequest<Location[]>('textDocument/references', {
    textDocument: { uri: session.uri(name) },
    position,
    context: { includeDeclaration: true },
  });
  for (const ref of refs) {
    assert.equal(textOf(fileText(ref.uri), ref.range), 'shell_binaries', `${ref.uri} ${JSON.stringify(ref.range)}`);
  }
  const inCustom = refs.filter((ref) => ref.uri === session.uri(name)).map((ref) => ref.range.start.line);
  assert.deepEqual(inCustom, [1, 6], 'the item of my_shells and the ( … ) of the rule');
  assert.ok(refs.some((ref) => ref.uri.endsWith('/falco_rules.yaml')));
  assert.ok(refs.some((ref) => ref.uri.endsWith('/falco-sandbox_rules.yaml')));
  const withoutDecl = await session.connection.sendRequest<Location[]>('textDocument/references', {
    textDocument: { uri: session.uri(name) },
    position,
    context: { includeDeclaration: false },
  });
  assert.ok(withoutDecl.length < refs.length);
});

test('rename a macro across files; invalid and taken names are refused', async () => {
  const { name, position } = await openAt('my_spawn', 2, 1);
  const edit = await session.connection.sendRequest<WorkspaceEdit | null>('textDocument/rename', { textDocument: { uri: session.uri(name) }, position, newName: 'my_spawn_renamed' });
  assert.ok(edit?.changes);
  const edits = edit.changes[session.uri(name)];
  assert.equal(edits.length, 2, 'the definition and the use');
  for (const change of edits) {
    assert.equal(textOf(CUSTOM, change.range), 'my_spawn');
    assert.equal(change.newText, 'my_spawn_renamed');
  }
  await assert.rejects(
    session.connection.sendRequest('textDocument/rename', { textDocument: { uri: session.uri(name) }, position, newName: 'bad name' }),
    /not a valid macro name/,
  );
  await assert.rejects(
    session.connection.sendRequest('textDocument/rename', { textDocument: { uri: session.uri(name) }, position, newName: 'spawned_process' }),
    /already exists/,
  );
});

test('rename a list of the official files edits every file that uses it', async () => {
  const { name, position } = await openAt('shell_binaries, cat', 2);
  const prepared = await session.connection.sendRequest<{ placeholder: string } | null>('textDocument/prepareRename', { textDocument: { uri: session.uri(name) }, position });
  assert.equal(prepared?.placeholder, 'shell_binaries');
  const edit = await session.connection.sendRequest<WorkspaceEdit | null>('textDocument/rename', { textDocument: { uri: session.uri(name) }, position, newName: 'shells' });
  const files = Object.keys(edit?.changes ?? {}).map((uri) => path.basename(new URL(uri).pathname));
  for (const official of ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml', name]) {
    assert.ok(files.includes(official), `${official} in ${files.join(', ')}`);
  }
});

test('prepareRename on a field is refused with a reason', async () => {
  const { name, position } = await openAt('proc.name in (my', 3);
  await assert.rejects(session.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri: session.uri(name) }, position }), /Only rules, macros and lists/);
});

test('document symbols list the items of a file; workspace symbols search all files', async () => {
  const { name } = await openAt('my_spawn');
  const symbols = await session.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: session.uri(name) } });
  assert.deepEqual(
    symbols.map((symbol) => symbol.name),
    ['my_shells', 'my_spawn', 'My rule'],
  );
  assert.equal(textOf(CUSTOM, symbols[2].selectionRange), 'My rule');
  const found = await session.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: 'Terminal shell in' });
  assert.ok(found.some((symbol) => symbol.name === 'Terminal shell in container' && symbol.location.uri.endsWith('/falco_rules.yaml')), JSON.stringify(found.map((symbol) => symbol.name)));
});

test('a quoted rule name: symbols and rename cover the name inside the quotes', async () => {
  const text = `- rule: "Quoted rule"\n  desc: d\n  condition: spawned_process\n  output: o\n  priority: INFO\n`;
  const name = `nav_${nDoc++}_quoted_rules.yaml`;
  const position = await session.openWithCursor(name, text.replace('Quoted', 'Quo$0ted'));
  const edit = await session.connection.sendRequest<WorkspaceEdit | null>('textDocument/rename', { textDocument: { uri: session.uri(name) }, position, newName: 'Renamed rule' });
  const edits = edit?.changes?.[session.uri(name)] ?? [];
  assert.equal(edits.length, 1);
  assert.equal(textOf(text, edits[0].range), 'Quoted rule');
  const colon = await session.connection.sendRequest<WorkspaceEdit | null>('textDocument/rename', { textDocument: { uri: session.uri(name) }, position, newName: 'Rule: quoted, so fine' });
  assert.equal(colon?.changes?.[session.uri(name)]?.[0]?.newText, 'Rule: quoted, so fine');
  const plain = await openAt('My rule', 3);
  await assert.rejects(
    session.connection.sendRequest('textDocument/rename', { textDocument: { uri: session.uri(plain.name) }, position: plain.position, newName: 'Rule: with colon' }),
    /would change meaning as a plain YAML value/,
  );
});
