/**
 * `falcoRuleStudio/capture` over stdio: the server records a real command (`cat
 * /etc/hostname`) in its capture process, the answer has the events written, the exit status
 * and the file, and the new capture replays; a cancelled capture (SIGINT) still writes its
 * file; a missing command, a missing folder and a broken command line are precise answers.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CancellationTokenSource } from 'vscode-languageserver/node';
import { splitCommandLine } from '../../../server/src/features/commandLine';
import type { CaptureMethod, CaptureResult, ReplayMethod, ReplayResult } from '../../../server/src/protocol';
import { startServer, type LspSession } from './support';

const CAPTURE_REQUEST: CaptureMethod = 'falcoRuleStudio/capture';
const REPLAY_REQUEST: ReplayMethod = 'falcoRuleStudio/replay';

const HOSTNAME_RULE = [
  '- rule: Reads the host name',
  '  desc: test rule for the capture',
  '  condition: evt.type in (open, openat, openat2) and fd.name = /etc/hostname',
  '  output: "%proc.name opened %fd.name"',
  '  priority: NOTICE',
  '',
].join('\n');

let session: LspSession;

before(async () => {
  session = await startServer({ 'hostname_rules.yaml': HOSTNAME_RULE });
});

after(async () => {
  await session.close();
});

test('capture of `cat /etc/hostname`: events, exit status, output, and the file replays', { timeout: 60_000 }, async () => {
  const out = path.join(session.folder, 'hostname.scap');
  const result = await session.connection.sendRequest<CaptureResult>(CAPTURE_REQUEST, { commandLine: 'cat /etc/hostname', out });
  assert.equal(result.status, 'done', result.message);
  assert.equal(result.exitCode, 0);
  assert.equal(result.termSignal, 0);
  assert.equal(result.out, out);
  assert.match(result.commandPath, /\/cat$/);
  assert.equal(result.output, fs.readFileSync('/etc/hostname', 'utf8'));
  assert.ok(result.events > 20, String(result.events));
  assert.ok(fs.statSync(out).size > 0);
  const replay = await session.connection.sendRequest<ReplayResult>(REPLAY_REQUEST, { capture: out });
  assert.equal(replay.status, 'done', replay.message);
  assert.equal(replay.events, result.events);
  assert.ok((replay.alertsByRule['Reads the host name'] ?? 0) >= 1, JSON.stringify(replay.alertsByRule));
});

test('the command exit status comes back', { timeout: 60_000 }, async () => {
  const out = path.join(session.folder, 'exit3.scap');
  const result = await session.connection.sendRequest<CaptureResult>(CAPTURE_REQUEST, { commandLine: "sh -c 'exit 3'", out });
  assert.equal(result.status, 'done', result.message);
  assert.equal(result.exitCode, 3);
  assert.ok(fs.existsSync(out));
});

test('cancelling the request interrupts the capture; the file is still written', { timeout: 60_000 }, async () => {
  const out = path.join(session.folder, 'sleep.scap');
  const source = new CancellationTokenSource();
  const pending = session.connection.sendRequest<CaptureResult>(CAPTURE_REQUEST, { commandLine: 'sleep 20', out }, source.token);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const started = Date.now();
  source.cancel();
  const result = await pending;
  assert.ok(Date.now() - started < 10_000);
  assert.equal(result.status, 'interrupted', result.message);
  assert.match(result.message ?? '', /'sleep' was detached/);
  assert.ok(result.events > 0);
  const replay = await session.connection.sendRequest<ReplayResult>(REPLAY_REQUEST, { capture: out });
  assert.equal(replay.status, 'done', replay.message);
  assert.equal(replay.events, result.events);
});

test('a command that does not exist is an error answer and writes nothing', { timeout: 60_000 }, async () => {
  const out = path.join(session.folder, 'missing.scap');
  const result = await session.connection.sendRequest<CaptureResult>(CAPTURE_REQUEST, { commandLine: 'no-such-command-xyz --flag', out });
  assert.equal(result.status, 'error');
  assert.match(result.message ?? '', /command not found: no-such-command-xyz/);
  assert.ok(!fs.existsSync(out));
});

test('a missing folder, a relative path and a broken command line are refused precisely', async () => {
  await assert.rejects(
    session.connection.sendRequest(CAPTURE_REQUEST, { commandLine: 'cat /etc/hostname', out: path.join(session.folder, 'no', 'such', 'x.scap') }),
    /cannot write .*x\.scap': the folder .* does not exist/,
  );
  await assert.rejects(session.connection.sendRequest(CAPTURE_REQUEST, { commandLine: 'cat /etc/hostname', out: 'x.scap' }), /absolute path/);
  await assert.rejects(session.connection.sendRequest(CAPTURE_REQUEST, { commandLine: "sh -c 'exit 3", out: path.join(session.folder, 'q.scap') }), /unterminated single quote at column 7/);
  await assert.rejects(session.connection.sendRequest(CAPTURE_REQUEST, { commandLine: '   ', out: path.join(session.folder, 'q.scap') }), /no command given/);
});

test('command lines split like a shell splits simple words', () => {
  assert.deepEqual(splitCommandLine(`sh -c 'echo "a b" > /tmp/x'`), { argv: ['sh', '-c', 'echo "a b" > /tmp/x'] });
  assert.deepEqual(splitCommandLine('printf "%s\\n" a\\ b "x\\"y"'), { argv: ['printf', '%s\\n', 'a b', 'x"y'] });
  assert.deepEqual(splitCommandLine('a""b'), { argv: ['ab'] });
  assert.deepEqual(splitCommandLine('echo ""'), { argv: ['echo', ''] });
  assert.deepEqual(splitCommandLine('ls "x'), { error: 'unterminated double quote at column 4' });
});
