/**
 * Language server benchmark (after `npm run build`): edit-to-diagnostics latency over a real
 * LSP stdio connection. It starts `out/server/main.js --stdio` on a temporary workspace with
 * the three official syscall rules files, opens them, and then, N times, applies a
 * one-character edit inside a rule's `desc:` value of falco_rules.yaml (one more `x` inserted
 * each time, so every edit gives a text the server has never seen and no cache can answer
 * it, and the file stays valid) and measures the time from sending
 * `didChange` to receiving `publishDiagnostics` for that file with that document version.
 * Each edit follows a pause longer than the server's burst window, so each is measured as
 * a "change after a pause" (answered at once, not debounced). It prints the cold open time
 * and p50/p90/max of the edits. Target: p50 <= 3 ms. BENCH_LSP_NODE_ARGS passes Node options
 * to the server (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to see where the time goes).
 * BENCH_LSP_TRACE=1 loads `lspTrace.js` into the server and prints the median of each step
 * of an edit: client to server, message dispatch, the load, publishing, server to client.
 * It speaks LSP with its own tiny framing client; it does not check diagnostic contents.
 */
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');

const root = path.join(__dirname, '..');
const names = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'];
const runs = Math.max(30, Number(process.env.BENCH_RUNS || 30));
// The server's scheduler treats a change >= 400 ms after the previous one as a new burst.
const PAUSE_MS = 500;
const TIMEOUT_MS = 30_000;

/** A minimal LSP client: Content-Length framing, requests, notifications, server requests. */
class LspClient {
  constructor(child) {
    this.m_child = child;
    this.m_buffer = Buffer.alloc(0);
    this.m_nextId = 1;
    this.m_pending = new Map();
    this.m_listeners = [];
    child.stdout.on('data', (chunk) => this.onData(chunk));
  }

  send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.m_child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.m_child.stdin.write(body);
  }

  request(method, params) {
    const id = this.m_nextId++;
    return new Promise((resolve, reject) => {
      this.m_pending.set(id, { resolve, reject });
      this.send({ id, method, params });
    });
  }

  notify(method, params) {
    this.send({ method, params });
  }

  /** Resolves with the first notification `method` whose params satisfy `accept`. */
  waitFor(method, accept) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      this.m_listeners.push({
        method,
        accept,
        wake: (params, at) => {
          clearTimeout(timer);
          resolve({ params, at });
        },
      });
    });
  }

  onData(chunk) {
    this.m_buffer = Buffer.concat([this.m_buffer, chunk]);
    for (;;) {
      const headerEnd = this.m_buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) {
        return;
      }
      const match = /Content-Length:\s*(\d+)/i.exec(this.m_buffer.subarray(0, headerEnd).toString('ascii'));
      const length = match ? Number(match[1]) : 0;
      if (this.m_buffer.length < headerEnd + 4 + length) {
        return;
      }
      const body = this.m_buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.m_buffer = this.m_buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body), process.hrtime.bigint());
    }
  }

  dispatch(message, at) {
    if (message.method === undefined) {
      const waiter = this.m_pending.get(message.id);
      this.m_pending.delete(message.id);
      if (waiter !== undefined) {
        message.error ? waiter.reject(new Error(message.error.message)) : waiter.resolve(message.result);
      }
    } else if (message.id !== undefined) {
      // A server request (configuration, capability registration): answer it plainly.
      this.send({ id: message.id, result: message.method === 'workspace/configuration' ? [] : null });
    } else {
      this.m_listeners = this.m_listeners.filter((listener) => {
        if (listener.method === message.method && listener.accept(message.params)) {
          listener.wake(message.params, at);
          return false;
        }
        return true;
      });
    }
  }
}

function percentile(values, fraction) {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

const ms = (from, to) => Number(to - from) / 1e6;
const sleep = (delay) => new Promise((resolve) => setTimeout(resolve, delay));

/** Median duration of each step of an edit, from the server's trace and the bench's own times. */
function traceSteps(traceFile, edits) {
  const events = fs.readFileSync(traceFile, 'utf8').split('\n').filter((line) => line !== '').map((line) => {
    const event = JSON.parse(line);
    return { name: event.name, at: BigInt(event.at) };
  });
  const steps = { 'client -> server (stdin)': [], 'dispatch (-> document update)': [], 'workspace snapshot (-> load)': [], load: [], 'publish (-> stdout write)': [], 'server -> client': [] };
  for (const edit of edits) {
    const inside = events.filter((event) => event.at >= edit.start && event.at <= edit.end);
    const first = (name) => inside.find((event) => event.name === name)?.at;
    const last = (name) => inside.filter((event) => event.name === name).pop()?.at;
    const times = [edit.start, first('stdin'), first('update'), first('loadStart'), last('loadEnd'), last('stdout'), edit.end];
    if (times.some((at) => at === undefined)) {
      continue;
    }
    Object.values(steps).forEach((values, idx) => values.push(ms(times[idx], times[idx + 1])));
  }
  return Object.entries(steps).map(([name, values]) => `    ${name.padEnd(32)} ${values.length === 0 ? 'n/a' : percentile(values, 0.5).toFixed(2)} ms`);
}

async function main() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-studio-bench-lsp-'));
  const nodeArgs = (process.env.BENCH_LSP_NODE_ARGS || '').split(' ').filter((arg) => arg !== '');
  const traceFile = process.env.BENCH_LSP_TRACE === '1' ? path.join(folder, 'trace.jsonl') : undefined;
  if (traceFile !== undefined) {
    nodeArgs.push('--require', path.join(__dirname, 'lspTrace.js'));
  }
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'out', 'server', 'main.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: traceFile === undefined ? process.env : { ...process.env, BENCH_LSP_TRACE_FILE: traceFile },
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const texts = names.map((name) => {
      fs.copyFileSync(path.join(root, 'test', 'fixtures', 'rules', name), path.join(folder, name));
      return fs.readFileSync(path.join(folder, name), 'utf8');
    });
    const uri = (name) => pathToFileURL(path.join(folder, name)).href;
    const client = new LspClient(child);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }],
      capabilities: {},
      initializationOptions: { rulesFiles: names },
    });

    // Cold open: `initialized` plus the three didOpens, as an editor sends them on start.
    const mainUri = uri(names[0]);
    const firstAny = client.waitFor('textDocument/publishDiagnostics', () => true);
    const firstOpen = client.waitFor('textDocument/publishDiagnostics', (params) => params.uri === mainUri && params.version === 1);
    const openStart = process.hrtime.bigint();
    client.notify('initialized', {});
    names.forEach((name, idx) => client.notify('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'falco', version: 1, text: texts[idx] } }));
    const coldAny = ms(openStart, (await firstAny).at);
    const opened = await firstOpen;
    const coldOpen = ms(openStart, opened.at);
    const baseline = opened.params.diagnostics.length;
    let changedCounts = 0;

    // The edit point: the start of the first text line of the first rule's `desc:` value
    // (official descriptions are folded blocks, `desc: >`, so the text is on the next line).
    const lines = texts[0].split('\n');
    const firstRule = lines.findIndex((text) => text.startsWith('- rule:'));
    const descLine = lines.findIndex((text, idx) => idx > firstRule && /^ {2}desc:/.test(text));
    const inline = descLine >= 0 && /^ {2}desc: [A-Za-z]/.test(lines[descLine]);
    const line = inline ? descLine : descLine + 1;
    if (firstRule < 0 || descLine < 0 || !/^\s+[A-Za-z]/.test(lines[line])) {
      throw new Error('no rule description to edit in falco_rules.yaml');
    }
    const character = inline ? '  desc: '.length : lines[line].length - lines[line].trimStart().length;
    let version = 1;
    const latencies = [];
    const edits = [];
    for (let idx = 0; idx < runs; idx++) {
      await sleep(PAUSE_MS);
      version++;
      const range = { start: { line, character }, end: { line, character } };
      const expected = version;
      const published = client.waitFor('textDocument/publishDiagnostics', (params) => params.uri === mainUri && params.version === expected);
      const start = process.hrtime.bigint();
      client.notify('textDocument/didChange', { textDocument: { uri: mainUri, version }, contentChanges: [{ range, text: 'x' }] });
      const answer = await published;
      latencies.push(ms(start, answer.at));
      edits.push({ start, end: answer.at });
      changedCounts += answer.params.diagnostics.length === baseline ? 0 : 1;
    }

    await client.request('shutdown', null);
    client.notify('exit', null);
    const exitCode = await Promise.race([exited, sleep(5000).then(() => 'none within 5 s')]);

    console.log(`lsp: out/server/main.js --stdio, official syscall files (${names.join(', ')})`);
    console.log(`  cold open, first diagnostics:       ${coldAny.toFixed(2)} ms`);
    console.log(`  cold open, falco_rules.yaml v1:     ${coldOpen.toFixed(2)} ms`);
    console.log(`  edit -> diagnostics, ${runs} edits after ${PAUSE_MS} ms pauses (${baseline} diagnostics at open, ${changedCounts} edits changed the count):`);
    console.log(`    p50 ${percentile(latencies, 0.5).toFixed(2)} ms   p90 ${percentile(latencies, 0.9).toFixed(2)} ms   max ${Math.max(...latencies).toFixed(2)} ms   (target p50 <= 3 ms)   min ${Math.min(...latencies).toFixed(2)} ms`);
    console.log(`  server exit code after shutdown/exit: ${exitCode}`);
    if (traceFile !== undefined && fs.existsSync(traceFile)) {
      console.log('  median of each step (server trace, BENCH_LSP_TRACE=1):');
      console.log(traceSteps(traceFile, edits).join('\n'));
    }
  } catch (err) {
    console.error(`lsp bench failed: ${err instanceof Error ? err.message : String(err)}\nserver log:\n${stderr}`);
    process.exitCode = 1;
  } finally {
    if (child.exitCode === null) {
      child.kill();
    }
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

void main();
