/**
 * Rules files listed in `falcoRuleStudio.rulesFiles` outside the workspace folders: the server
 * asks the client to watch them (dynamic registration of workspace/didChangeWatchedFiles, one
 * watcher per file relative to its folder), and when the client reports a change the server
 * validates against the new text on disk, not the text it read first.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startServer, type LspSession } from './support';

const outsideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-studio-outside-'));
const outsideFile = path.join(outsideDir, 'site_rules.yaml');
const DEFINES = '- macro: site_shell\n  condition: proc.name in (bash, sh)\n';
const USES = `- rule: Shell opens a file
  desc: uses a macro from a rules file outside the workspace
  condition: evt.type = openat and site_shell
  output: Shell open (proc.name=%proc.name)
  priority: NOTICE
`;

let session: LspSession;

before(async () => {
  fs.writeFileSync(outsideFile, DEFINES);
  session = await startServer({ 'uses_site_rules.yaml': USES }, { rulesFiles: [outsideFile] });
});

after(async () => {
  await session.close();
  fs.rmSync(outsideDir, { recursive: true, force: true });
});

test('a listed rules file outside the workspace is watched and re-read when it changes', { timeout: 60_000 }, async () => {
  assert.deepEqual(await session.diagnostics('uses_site_rules.yaml'), []);
  const watch = session.registrations.find((registration) => registration.method === 'workspace/didChangeWatchedFiles');
  assert.deepEqual(watch?.registerOptions, {
    watchers: [{ globPattern: { baseUri: pathToFileURL(outsideDir).href, pattern: 'site_rules.yaml' } }],
  });

  // The macro disappears from the outside file; the client reports the change.
  fs.writeFileSync(outsideFile, DEFINES.replace('site_shell', 'site_shells'));
  await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(outsideFile).href, type: 2 }] });
  const diagnostics = await session.diagnostics('uses_site_rules.yaml', (list) => list.length > 0);
  assert.ok(
    diagnostics.some((diagnostic) => diagnostic.severity === 1 && diagnostic.message.includes('site_shell')),
    JSON.stringify(diagnostics),
  );
});
