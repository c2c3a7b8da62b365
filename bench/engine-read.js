// Engine read benchmark: read + state only (no fields, no rules) over a ≥1.5 M-event capture
// made by our own generator (scripts/native/inflate.js: curl_google.scap × 1000, shifted
// timestamps, remapped thread ids), next to `sysdig -r FILE -q` when sysdig is installed.
// Reports the median of 3 runs: wall time, events/s, user and system CPU. Run after
// `npm install && npm run build`: `node bench/engine-read.js [TIMES]`. Measures only.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { inflate } = require('../scripts/native/inflate');

const root = path.join(__dirname, '..');
const times = Number(process.argv[2] || 1000);
const dir = path.join(root, '.bench');
const file = path.join(dir, `curl_google_x${times}.scap`);
const RUNS = 3;

function ensureCapture() {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(dir, { recursive: true });
  const { buffer, events } = inflate(fs.readFileSync(path.join(root, 'test', 'fixtures', 'captures', 'curl_google.scap')), times);
  fs.writeFileSync(file, buffer);
  console.log(`made ${path.relative(root, file)}: ${events} events, ${(buffer.length / 1e6).toFixed(1)} MB`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One engine run in a fresh process, so memory and caches start cold for the state. */
function engineRun() {
  const script = `
    const a = require(${JSON.stringify(path.join(root, 'build', 'Release', 'falco_studio.node'))});
    const t0 = process.hrtime.bigint(); const c0 = process.cpuUsage();
    const s = new a.CaptureSession(${JSON.stringify(file)}); const r = s.count();
    const wall = Number(process.hrtime.bigint() - t0) / 1e9; const cpu = process.cpuUsage(c0);
    console.log(JSON.stringify({ events: r.events, visible: r.visible, error: r.error, wall, user: cpu.user / 1e6, sys: cpu.system / 1e6, rss: process.memoryUsage().rss }));`;
  const res = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout);
}

function sysdigRun() {
  const res = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; { time sysdig -r "$1" -q > /dev/null ; } 2>&1`, 'bash', file], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stdout + res.stderr);
  const [wall, user, sys] = res.stdout.trim().split('\n').pop().split(' ').map(Number);
  return { wall, user, sys };
}

function row(name, runs, events) {
  const wall = median(runs.map((r) => r.wall));
  const user = median(runs.map((r) => r.user));
  const sys = median(runs.map((r) => r.sys));
  console.log(`${name.padEnd(22)} ${wall.toFixed(3).padStart(7)} s wall  ${(events / wall / 1e6).toFixed(2).padStart(6)} M events/s  ${user.toFixed(3)} s user  ${sys.toFixed(3)} s sys  ${(events / user / 1e6).toFixed(2)} M events/user-s`);
}

ensureCapture();
const engine = [];
for (let i = 0; i < RUNS; i++) engine.push(engineRun());
const events = engine[0].events;
if (engine[0].error !== undefined) throw new Error(`engine read error: ${engine[0].error.message}`);
console.log(`engine read: ${path.relative(root, file)}, ${events} events (${engine[0].visible} visible), median of ${RUNS}`);
row('falco-studio (state)', engine, events);
console.log(`${''.padEnd(22)} max RSS of the run ${(Math.max(...engine.map((r) => r.rss)) / 1e6).toFixed(1)} MB (Node included)`);
const which = spawnSync('bash', ['-c', 'command -v sysdig'], { encoding: 'utf8' });
if (which.status !== 0) {
  console.log('sysdig -r -q          skipped: sysdig is not installed (apt-get install -y sysdig)');
} else {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(sysdigRun());
  row('sysdig -r -q', runs, events);
  crossCheck();
}

/** Compares the 13 oracle columns with sysdig's on a ×10 capture (remapped tids included). */
function crossCheck() {
  const small = path.join(dir, 'curl_google_x10.scap');
  fs.writeFileSync(small, inflate(fs.readFileSync(path.join(root, 'test', 'fixtures', 'captures', 'curl_google.scap')), 10).buffer);
  const format = '*%evt.num\\t%evt.type\\t%evt.dir\\t%thread.tid\\t%proc.name\\t%proc.cmdline\\t%proc.pname\\t%proc.exepath\\t%fd.num\\t%fd.type\\t%fd.name\\t%user.name\\t%evt.res';
  const theirs = spawnSync('sysdig', ['-r', small, '-p', format], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout;
  const ours = spawnSync(process.execPath, [path.join(root, 'out', 'cli', 'main.js'), 'events', small, '--format', format], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout;
  const lines = theirs.split('\n').length - 1;
  console.log(`cross-check on ${path.relative(root, small)}: ${lines} sysdig lines, ours ${ours === theirs ? 'identical' : 'DIFFERENT'}`);
}
