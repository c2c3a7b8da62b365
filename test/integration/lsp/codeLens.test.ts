/**
 * `textDocument/codeLens` over stdio: "Replay capture…" on the first line, and "Profile this
 * rule" on the first line of every rule item, whatever YAML shape the rule is written in
 * (block, flow `- {rule: x, ...}` on one line or several, a wider indent, an indented
 * sequence, several documents). Lines come from
 * the loader's items, so a `rule:` key inside a string or a comment gets no lens.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type CodeLens } from 'vscode-languageserver/node';
import { startServer, type LspSession } from './support';

const SHAPES = [
  '# Rules in several YAML shapes; "- rule: not a rule" in a comment gets no lens.',
  '- list: shells',
  '  items: [bash, sh]',
  '- {rule: Flow rule, desc: flow style, condition: evt.type = open, output: "flow %proc.name", priority: INFO}',
  '-   rule: Wide rule',
  '    desc: "- rule: inside a string"',
  '    condition: evt.type = close',
  '    output: "wide %proc.name"',
  '    priority: NOTICE',
  '---',
  '  - macro: spawned',
  '    condition: evt.type = execve',
  '  - rule: Indented rule',
  '    desc: indented sequence in a second document',
  '    condition: spawned and proc.name in (shells)',
  '    output: "indented %proc.name"',
  '    priority: WARNING',
  '---',
  '- {',
  '    rule: Multi-line flow rule,',
  '    desc: x, condition: evt.type = read, output: "m %proc.name", priority: DEBUG',
  '  }',
  '',
].join('\n');

let session: LspSession;

before(async () => {
  session = await startServer({ 'shapes_rules.yaml': SHAPES });
});

after(async () => {
  await session.close();
});

test('the server announces CodeLenses', () => {
  assert.ok(session.capabilities.codeLensProvider !== undefined);
});

test('every rule shape gets its "Profile this rule" lens on the line where the item starts', { timeout: 30_000 }, async () => {
  await session.open('shapes_rules.yaml', SHAPES);
  const lenses = await session.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: session.uri('shapes_rules.yaml') } });
  const lines = SHAPES.split('\n');
  const replay = lenses.filter((lens) => lens.command?.title === 'Replay capture…');
  assert.deepEqual(
    replay.map((lens) => lens.range.start.line),
    [0],
  );
  assert.equal(replay[0].command?.command, 'falcoRuleStudio.replayCapture');
  const profile = lenses.filter((lens) => lens.command?.title === 'Profile this rule');
  const expected = [
    lines.findIndex((line) => line.startsWith('- {rule: Flow rule')),
    lines.indexOf('-   rule: Wide rule'),
    lines.indexOf('  - rule: Indented rule'),
    lines.indexOf('- {'),
  ];
  assert.deepEqual(
    profile.map((lens) => lens.range.start.line),
    expected,
  );
  for (const lens of profile) {
    assert.equal(lens.command?.command, 'falcoRuleStudio.profileRules');
    assert.deepEqual(lens.command?.arguments, [{ useConfiguredCapture: true }]);
  }
});

test('an official rules file gets one lens per rule item', { timeout: 30_000 }, async () => {
  const lenses = await session.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: session.uri('falco_rules.yaml') } });
  const profile = lenses.filter((lens) => lens.command?.title === 'Profile this rule');
  assert.ok(profile.length > 10, String(profile.length));
  // Every lens line of the block-style official file is a `- rule:` line.
  const text = (await import('fs')).readFileSync(new URL(session.uri('falco_rules.yaml')), 'utf8').split('\n');
  for (const lens of profile) {
    assert.match(text[lens.range.start.line], /^- rule:/);
  }
  assert.equal(profile.length, text.filter((line) => /^- rule:/.test(line)).length);
});
