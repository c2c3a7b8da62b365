/**
 * Diagnostics over stdio: the official rules files load clean (no errors), a broken
 * condition in a file loaded after them gives Falco's code at the offending token, an edit
 * that fixes it clears it, closed files of the workspace are loaded and reported too, and
 * the advisory schema warnings arrive after the load diagnostics.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver/node';
import { startServer, textOf, type LspSession } from './support';

const BROKEN = `- rule: Broken condition
  desc: two and in a row
  condition: evt.type = open and and proc.name = cat
  output: Broken (proc.name=%proc.name)
  priority: WARNING
`;

const USES_OFFICIAL = `- rule: Shell spawned by cat
  desc: uses macros and lists of falco_rules.yaml
  condition: spawned_process and shell_procs and proc.pname = cat
  output: Shell (user=%user.name command=%proc.cmdline)
  priority: NOTICE
`;

let session: LspSession;

before(async () => {
  session = await startServer({ 'closed_rules.yaml': BROKEN });
});

after(async () => {
  await session.close();
});

test('the official rules files load without errors', async () => {
  const diagnostics = await session.diagnostics('falco_rules.yaml');
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error);
  assert.deepEqual(errors, []);
});

test('a closed rules file of the workspace is loaded and its error published', async () => {
  const diagnostics = await session.diagnostics('closed_rules.yaml', (list) => list.length > 0);
  assert.equal(diagnostics[0].code, 'LOAD_ERR_COMPILE_CONDITION');
  assert.equal(diagnostics[0].severity, DiagnosticSeverity.Error);
});

test('an open file: error at the offending token, cleared by the fixing edit', async () => {
  await session.open('custom_rules.yaml', BROKEN);
  const broken = await session.diagnostics('custom_rules.yaml', (list) => list.some((diagnostic) => diagnostic.code === 'LOAD_ERR_COMPILE_CONDITION'));
  const error = broken.find((diagnostic) => diagnostic.code === 'LOAD_ERR_COMPILE_CONDITION');
  assert.ok(error);
  assert.equal(error.range.start.line, 2);
  // The squiggle is inside the condition, on a token (where libsinsp's parser stops).
  const conditionColumn = BROKEN.split('\n')[2].indexOf('evt.type');
  assert.ok(error.range.start.character >= conditionColumn, JSON.stringify(error.range));
  assert.match(textOf(BROKEN, error.range), /^\S+$/);
  assert.match(error.message, /Broken condition/);
  assert.equal(error.source, 'falco');

  await session.change('custom_rules.yaml', USES_OFFICIAL, 2);
  const fixed = await session.diagnostics('custom_rules.yaml', (list) => !list.some((diagnostic) => diagnostic.code === 'LOAD_ERR_COMPILE_CONDITION'));
  assert.deepEqual(fixed.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error), []);
});

test('a burst of edits is coalesced: the final text is what gets reported', async () => {
  const nBefore = session.published.length;
  for (let version = 3; version < 23; version++) {
    const text = version % 2 === 0 ? USES_OFFICIAL : BROKEN;
    await session.change('custom_rules.yaml', text, version);
  }
  // Version 22 is USES_OFFICIAL: its publication has no error.
  const settled = await session.publication('custom_rules.yaml', (params) => params.version === 22);
  assert.deepEqual(settled.diagnostics.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error), []);
  await new Promise((resolve) => setTimeout(resolve, 600));
  const forCustom = session.published.slice(nBefore).filter((params) => params.uri === session.uri('custom_rules.yaml'));
  assert.ok(forCustom.length < 20, `20 edits gave ${forCustom.length} publications`);
  assert.equal(forCustom[forCustom.length - 1].version, 22);
});

test('an unused macro is a warning tagged unnecessary', async () => {
  await session.open('unused_rules.yaml', `- macro: my_unused_macro\n  condition: proc.name = cat\n`);
  const diagnostics = await session.diagnostics('unused_rules.yaml', (list) => list.length > 0);
  const unused = diagnostics.find((diagnostic) => diagnostic.code === 'LOAD_UNUSED_MACRO');
  assert.ok(unused, JSON.stringify(diagnostics));
  assert.equal(unused.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(unused.tags, [DiagnosticTag.Unnecessary]);
});

test('schema warnings follow the load diagnostics: Information, source falco schema, at the node', async () => {
  // A lower-case priority loads fine in Falco; only the advisory schema check flags it.
  const text = USES_OFFICIAL.replace('priority: NOTICE', 'priority: notice');
  await session.open('schema_rules.yaml', text);
  const diagnostics = await session.diagnostics('schema_rules.yaml', (list) => list.some((diagnostic) => diagnostic.source === 'falco schema'));
  const warning = diagnostics.find((diagnostic) => diagnostic.source === 'falco schema');
  assert.ok(warning);
  assert.equal(warning.severity, DiagnosticSeverity.Information);
  assert.equal(textOf(text, warning.range), 'notice');
  assert.match(warning.message, /^\/0\/priority: /);
  assert.deepEqual(diagnostics.filter((diagnostic) => diagnostic.severity === DiagnosticSeverity.Error), []);
  // Fixing the priority clears it.
  await session.change('schema_rules.yaml', USES_OFFICIAL, 2);
  await session.diagnostics('schema_rules.yaml', (list) => !list.some((diagnostic) => diagnostic.source === 'falco schema'));
});
