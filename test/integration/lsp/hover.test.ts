/**
 * Hover over stdio, on a custom file loaded after the official rules files: a field shows
 * its type and description, a macro its condition and full expansion, a list its items,
 * a rule its source, priority and event types. Inputs carry the cursor marker `$0`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type Hover, type MarkupContent } from 'vscode-languageserver/node';
import { startServer, type LspSession } from './support';

let session: LspSession;
let nDoc = 0;

before(async () => {
  session = await startServer();
});

after(async () => {
  await session.close();
});

/** Opens `input` (with `$0`) as a new document and returns the hover's markdown. */
async function check(input: string): Promise<string> {
  const name = `hover_${nDoc++}_rules.yaml`;
  const position = await session.openWithCursor(name, input);
  // Facts from the full load (event types, expansions) arrive with the diagnostics run.
  await session.diagnostics(name);
  const res = await session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: session.uri(name) }, position });
  assert.ok(res, `a hover at the marker of:\n${input}`);
  return (res.contents as MarkupContent).value;
}

const RULE = (condition: string): string => `- rule: My rule
  desc: test rule
  condition: ${condition}
  output: fired (proc.name=%proc.name)
  priority: WARNING
`;

test('field: type, description and sources', async () => {
  const markdown = await check(RULE('spawned_process and proc.na$0me = cat'));
  assert.match(markdown, /\*\*proc\.name\*\* `charbuf`/);
  assert.match(markdown, /Sources: .*syscall/);
});

test('field in an output', async () => {
  const markdown = await check(`- rule: My rule
  desc: test rule
  condition: spawned_process
  output: fired (user=%user.na$0me)
  priority: WARNING
`);
  assert.match(markdown, /\*\*user\.name\*\*/);
});

test('macro: its condition and its full expansion through other macros', async () => {
  const markdown = await check(`- macro: my_shells
  condition: spawned_process and shell_procs
${RULE('my_she$0lls and proc.pname = cat')}`);
  assert.match(markdown, /\*\*macro my_shells\*\*/);
  assert.match(markdown, /spawned_process and shell_procs/);
  assert.match(markdown, /Expands to:/);
  assert.match(markdown, /execve/);
});

test('list: its items, inside ( … )', async () => {
  const markdown = await check(RULE('spawned_process and proc.name in (shell_bin$0aries)'));
  assert.match(markdown, /\*\*list shell_binaries\*\*/);
  assert.match(markdown, /`bash`/);
});

test('rule: source, priority and the event types it is indexed under', async () => {
  const markdown = await check(`- rule: My $0rule
  desc: test rule
  condition: spawned_process and proc.name = cat
  output: fired (proc.name=%proc.name)
  priority: WARNING
`);
  assert.match(markdown, /Source: `syscall`/);
  assert.match(markdown, /Priority: `WARNING`/);
  assert.match(markdown, /Event types \(\d+\): .*`execve`/);
});

test('nothing to say on plain YAML', async () => {
  const name = `hover_${nDoc++}_rules.yaml`;
  const position = await session.openWithCursor(name, RULE('spawned_process').replace('desc: test rule', 'desc: te$0st rule'));
  const res = await session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: session.uri(name) }, position });
  assert.equal(res, null);
});

test('event type name: its event codes and the exit event parameters', async () => {
  const markdown = await check(RULE('evt.type in (op$0en, openat) and proc.name = cat'));
  assert.match(markdown, /\*\*evt\.type\*\* `open`: \d+ event codes/);
  assert.match(markdown, /Exit event `PPME_SYSCALL_OPEN_X`: fd \(fd\), name \(fspath\)/);
  const unknown = await check(RULE('evt.type = not_an_event$0 and proc.name = cat'));
  assert.match(unknown, /unknown event type/);
});
