/**
 * Semantic tokens, folding ranges and quick fixes over stdio: tokens tell macros from lists
 * and fields at exact positions; every item folds; did-you-mean fixes for a field, a macro,
 * a list, an operator and a priority. Inputs are small custom files loaded after the
 * official rules files.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type CodeAction, type FoldingRange, type SemanticTokens, type SemanticTokensLegend } from 'vscode-languageserver/node';
import { startServer, textOf, type LspSession } from './support';

let session: LspSession;
let legend: SemanticTokensLegend;
let nDoc = 0;

before(async () => {
  session = await startServer();
  // The legend the server announced in its answer to initialize.
  const provider = session.capabilities.semanticTokensProvider;
  assert.ok(provider, 'the server provides semantic tokens');
  legend = provider.legend;
});

after(async () => {
  await session.close();
});

async function open(text: string): Promise<string> {
  const name = `presentation_${nDoc++}_rules.yaml`;
  await session.open(name, text);
  return name;
}

test('semantic tokens: macro, list, field, operator, string at their exact text', async () => {
  const text = `- rule: My rule
  desc: test rule
  condition: spawned_process and proc.name in (shell_binaries, "x y") and evt.type = execve
  output: fired (proc.name=%proc.name)
  priority: WARNING
`;
  const name = await open(text);
  const res = await session.connection.sendRequest<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri: session.uri(name) } });
  const decoded: { text: string; type: string }[] = [];
  let line = 0;
  let character = 0;
  for (let idx = 0; idx < res.data.length; idx += 5) {
    const [deltaLine, deltaStart, length, type] = res.data.slice(idx, idx + 4);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    decoded.push({ text: textOf(text, { start: { line, character }, end: { line, character: character + length } }), type: legend.tokenTypes[type] });
  }
  const typeOf = (token: string): string | undefined => decoded.find((entry) => entry.text === token)?.type;
  assert.equal(typeOf('spawned_process'), 'macro');
  assert.equal(typeOf('shell_binaries'), 'variable');
  assert.equal(typeOf('proc.name'), 'property');
  assert.equal(typeOf('in'), 'operator');
  assert.equal(typeOf('"x y"'), 'string');
  assert.equal(typeOf('My rule'), 'class');
  assert.equal(typeOf('execve'), 'enumMember');
});

test('folding: every item, and a multi-line condition', async () => {
  const text = `- macro: my_macro
  condition: >
    spawned_process
    and proc.name = cat

- rule: My rule
  desc: test rule
  condition: my_macro
  output: fired
  priority: WARNING
`;
  const name = await open(text);
  const ranges = await session.connection.sendRequest<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: session.uri(name) } });
  const pairs = ranges.map((range) => [range.startLine, range.endLine]);
  assert.deepEqual(pairs, [[0, 3], [1, 3], [5, 9]]);
});

async function fixes(text: string, needle: string): Promise<CodeAction[]> {
  const name = await open(text);
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => candidate.includes(needle));
  const character = lines[line].indexOf(needle);
  return session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: session.uri(name) },
    range: { start: { line, character }, end: { line, character: character + needle.length } },
    context: { diagnostics: [] },
  });
}

const RULE = (condition: string, priority = 'WARNING'): string => `- rule: My rule
  desc: test rule
  condition: ${condition}
  output: fired
  priority: ${priority}
`;

test('did you mean: field, macro, list, operator', async () => {
  const field = await fixes(RULE('spawned_process and proc.nme = cat'), 'proc.nme');
  assert.equal(field[0]?.title, "Did you mean 'proc.name'?");
  assert.equal(field[0].isPreferred, true);
  const macro = await fixes(RULE('spawned_proces and proc.name = cat'), 'spawned_proces');
  assert.equal(macro[0]?.title, "Did you mean 'spawned_process'?");
  const list = await fixes(RULE('spawned_process and proc.name in shell_binaris'), 'shell_binaris');
  assert.equal(list[0]?.title, "Did you mean 'shell_binaries'?");
  const operator = await fixes(RULE('spawned_process and proc.name startwith sh'), 'startwith');
  assert.equal(operator[0]?.title, "Did you mean 'startswith'?");
  const edit = operator[0].edit?.changes;
  assert.ok(edit !== undefined && Object.values(edit)[0][0].newText === 'startswith');
});

test('a priority Falco does not accept gets the closest one', async () => {
  const actions = await fixes(RULE('spawned_process', 'WARNIG'), 'WARNIG');
  assert.equal(actions[0]?.title, "Did you mean 'WARNING'?");
  const none = await fixes(RULE('spawned_process', 'Warning'), 'Warning');
  assert.deepEqual(none, []);
});
