/**
 * The workspace model over stdio: every rules file of the folder loads, closed ones
 * included, in Falco's usual order then by name, or in the order `falcoRuleStudio.rulesFiles`
 * sets (at initialize or by a configuration change); YAML files that are not rules files
 * stay out.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { orderRulesFiles, findRulesFiles } from '../../../server/src/server/rulesFiles';
import { startServer, type LspSession } from './support';

/** Appends to a list that only z_rules.yaml defines: fine only when z loads first. */
const USES = `- list: my_later_list
  items: [x]
  override:
    items: append
`;
const DEFINES = `- list: my_later_list
  items: [a]
`;
const NOT_RULES = `apiVersion: v1
kind: ConfigMap
items:
  - name: x
`;

const sessions: LspSession[] = [];

after(async () => {
  await Promise.all(sessions.map((session) => session.close()));
});

const errorCodes = (diagnostics: { code?: string | number; severity?: number }[]): (string | number | undefined)[] =>
  diagnostics.filter((diagnostic) => diagnostic.severity === 1).map((diagnostic) => diagnostic.code);

test('default order: official files first, then by name, so a_rules.yaml cannot use z_rules.yaml', async () => {
  const session = await startServer({ 'a_rules.yaml': USES, 'z_rules.yaml': DEFINES, 'configmap.yaml': NOT_RULES });
  sessions.push(session);
  const diagnostics = await session.diagnostics('a_rules.yaml', (list) => list.length > 0);
  assert.deepEqual(errorCodes(diagnostics), ['LOAD_ERR_VALIDATE']);
  assert.match(diagnostics[0].message, /no list by that name already exists/);
  assert.ok(!session.published.some((params) => params.uri.endsWith('/configmap.yaml')), 'a YAML file that is not a rules file is not loaded');

  // Step 2: the user moves z_rules.yaml first; the error goes away.
  await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: { falcoRuleStudio: { rulesFiles: ['z_rules.yaml'] } } });
  const reordered = await session.diagnostics('a_rules.yaml', (list) => errorCodes(list).length === 0);
  assert.deepEqual(errorCodes(reordered), []);
});

test('the order given at initialize applies from the start', async () => {
  const session = await startServer({ 'a_rules.yaml': USES, 'z_rules.yaml': DEFINES }, { rulesFiles: ['z_rules.yaml'] });
  sessions.push(session);
  const diagnostics = await session.diagnostics('a_rules.yaml');
  assert.deepEqual(errorCodes(diagnostics), []);
});

test('a listed rules file outside the workspace folder is loaded too', async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-studio-outside-'));
  const defines = path.join(outside, 'system_rules.yaml');
  fs.writeFileSync(defines, DEFINES);
  try {
    const session = await startServer({ 'a_rules.yaml': USES }, { rulesFiles: [defines] });
    sessions.push(session);
    const diagnostics = await session.diagnostics('a_rules.yaml');
    assert.deepEqual(errorCodes(diagnostics), []);
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('a rules file created on disk joins the load when the client reports it', async () => {
  const session = await startServer({ 'a_rules.yaml': USES });
  sessions.push(session);
  await session.diagnostics('a_rules.yaml', (list) => errorCodes(list).length > 0);
  fs.writeFileSync(path.join(session.folder, '0_first.falco.yaml'), DEFINES);
  await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: session.uri('0_first.falco.yaml'), type: 1 }] });
  const fixed = await session.diagnostics('a_rules.yaml', (list) => errorCodes(list).length === 0);
  assert.deepEqual(errorCodes(fixed), []);
});

test('orderRulesFiles and findRulesFiles on the fixture files', () => {
  const folder = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'rules');
  const found = findRulesFiles([folder]).map((file) => path.basename(file));
  assert.ok(found.includes('falco_rules.yaml'));
  const ordered = orderRulesFiles(
    ['/w/b.yaml', '/w/falco-sandbox_rules.yaml', '/w/a_rules.yaml', '/w/falco_rules.yaml', '/w/falco-incubating_rules.yaml'],
    [],
    ['/w'],
  );
  assert.deepEqual(ordered, ['/w/falco_rules.yaml', '/w/falco-incubating_rules.yaml', '/w/falco-sandbox_rules.yaml', '/w/a_rules.yaml', '/w/b.yaml']);
  const user = orderRulesFiles(ordered, ['b.yaml', 'falco-sandbox_rules.yaml'], ['/w']);
  assert.deepEqual(user.slice(0, 3), ['/w/b.yaml', '/w/falco-sandbox_rules.yaml', '/w/falco_rules.yaml']);
});
