/**
 * Completion by context over stdio, on custom files loaded after the official rules files:
 * fields and macros where a check starts, operators valid for the field's type, lists in
 * `( … )`, event type names after `evt.type =`, fields after `%` in outputs, attribute
 * keys, priorities and sources. Inputs carry the cursor marker `$0`.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type CompletionItem, type CompletionList } from 'vscode-languageserver/node';
import { startServer, type LspSession } from './support';

let session: LspSession;
let nDoc = 0;

before(async () => {
  session = await startServer();
});

after(async () => {
  await session.close();
});

/** The completion labels at the marker of `input` (opened by `triggerCharacter` when given). */
async function check(input: string, triggerCharacter?: string): Promise<string[]> {
  const name = `completion_${nDoc++}_rules.yaml`;
  const position = await session.openWithCursor(name, input);
  const context = triggerCharacter === undefined ? { triggerKind: 1 } : { triggerKind: 2, triggerCharacter };
  const res = await session.connection.sendRequest<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri: session.uri(name) }, position, context });
  const items = res === null ? [] : Array.isArray(res) ? res : res.items;
  return items.map((item) => item.label);
}

const RULE = (condition: string, extra = ''): string => `- rule: My rule
  desc: test rule
  condition: ${condition}
  output: fired (proc.name=%proc.name)
  priority: WARNING
${extra}`;

test('where a check starts: fields of the source, macros, not', async () => {
  const labels = await check(RULE('spawned_process and $0'));
  assert.ok(labels.includes('proc.name'));
  assert.ok(labels.includes('fd.name'));
  assert.ok(labels.includes('spawned_process'), 'macros of falco_rules.yaml');
  assert.ok(labels.includes('not'));
  assert.ok(!labels.includes('ka.verb'), 'no k8s_audit fields in a syscall rule');
});

test('a k8s_audit rule gets k8s_audit fields', async () => {
  const labels = await check(`- rule: K8s rule
  desc: test rule
  condition: ka.$0
  output: fired
  priority: WARNING
  source: k8s_audit
`);
  assert.ok(labels.includes('ka.verb'));
  assert.ok(!labels.includes('proc.name'));
});

test('after a string field: string operators, not buffer ones', async () => {
  const labels = await check(RULE('spawned_process and proc.name $0'));
  for (const op of ['=', '!=', 'contains', 'startswith', 'in', 'glob', 'exists']) {
    assert.ok(labels.includes(op), `${op} in ${labels.join(' ')}`);
  }
  assert.ok(!labels.includes('bcontains'));
});

test('after a numeric field: no string operators', async () => {
  const labels = await check(RULE('spawned_process and proc.pid $0'));
  assert.ok(labels.includes('>='));
  assert.ok(!labels.includes('contains'));
  assert.ok(!labels.includes('startswith'));
});

test('inside in ( … ): lists', async () => {
  const labels = await check(RULE('spawned_process and proc.name in ($0)'));
  assert.ok(labels.includes('shell_binaries'));
  assert.ok(!labels.includes('proc.name'));
});

test('after evt.type = and in evt.type in ( … ): event type names', async () => {
  const equal = await check(RULE('evt.type = $0'));
  assert.ok(equal.includes('execve'));
  assert.ok(equal.includes('openat'));
  const inList = await check(RULE('evt.type in (open, $0)'));
  assert.ok(inList.includes('openat2'));
});

test('after % in an output: fields', async () => {
  const labels = await check(`- rule: My rule
  desc: test rule
  condition: spawned_process
  output: fired (proc.name=%pro$0)
  priority: WARNING
`);
  assert.ok(labels.includes('proc.cmdline'));
});

test('attribute keys, priorities, sources, item kinds', async () => {
  const keys = await check(RULE('spawned_process', '  $0\n'));
  assert.ok(keys.includes('tags'));
  assert.ok(keys.includes('exceptions'));
  const priorities = await check(RULE('spawned_process').replace('priority: WARNING', 'priority: $0'));
  assert.deepEqual(priorities, ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG']);
  const sources = await check(RULE('spawned_process', '  source: $0\n'));
  assert.ok(sources.includes('syscall'));
  assert.ok(sources.includes('k8s_audit'));
  const kinds = await check(`${RULE('spawned_process')}- $0\n`);
  assert.deepEqual(kinds.slice(0, 3), ['rule', 'macro', 'list']);
});

test('a typed space opens completion only where something specific follows', async () => {
  assert.deepEqual(await check(RULE('spawned_process and $0'), ' '), [], 'no field list on every space');
  assert.ok((await check(RULE('spawned_process and proc.name $0'), ' ')).includes('startswith'));
  assert.ok((await check(RULE('evt.type in (open, $0'), ' ')).includes('openat'));
  assert.ok((await check(RULE('spawned_process and proc.name in ($0'), '(')).includes('shell_binaries'));
});

test("inside a list's items: other lists", async () => {
  const labels = await check('- list: my_shells\n  items: [fish, $0]\n');
  assert.ok(labels.includes('shell_binaries'));
  assert.ok(!labels.includes('my_shells'), 'not the list itself');
});

test('macro and list entries carry their condition and items as documentation', async () => {
  const name = `completion_${nDoc++}_rules.yaml`;
  const position = await session.openWithCursor(name, RULE('spawned_process and proc.name in ($0)'));
  const res = await session.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri: session.uri(name) }, position });
  const list = res.find((item) => item.label === 'shell_binaries');
  assert.match(JSON.stringify(list?.documentation), /bash/);
  const start = await session.openWithCursor(`completion_${nDoc++}_rules.yaml`, RULE('spawned_process and $0'));
  const atStart = await session.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri: session.uri(`completion_${nDoc - 1}_rules.yaml`) }, position: start });
  const macro = atStart.find((item) => item.label === 'spawned_process');
  assert.match(JSON.stringify(macro?.documentation), /execve/);
});

test('exceptions: fields after fields:, operators after comps:', async () => {
  const exceptions = (fields: string, comps: string): string => RULE('spawned_process', `  exceptions:\n    - name: known\n      fields: ${fields}\n      comps: ${comps}\n`);
  const fields = await check(exceptions('[proc.name, $0]', '[=, in]'));
  assert.ok(fields.includes('proc.pname'));
  const comps = await check(exceptions('[proc.name, proc.pname]', '[=, $0]'));
  assert.ok(comps.includes('startswith'));
  assert.ok(!comps.includes('proc.name'));
});
