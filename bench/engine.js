// Engine rule-evaluation benchmark on a ≥1.5 M-event capture (curl_google.scap × 1000 made by
// scripts/native/inflate.js: shifted timestamps, remapped thread ids), median of 5 runs, each
// in a fresh process, timing only the replay (rules are compiled before the clock starts):
//   (a) read + state only (a replay with an empty rule set),
//   (b) one simple rule: evt.type=open and fd.name contains /etc,
//   (c) the three official syscall rules files (their default enabled rules, first matching),
// next to `sysdig -r FILE -q` without and with the same simple filter when sysdig is
// installed, with the ratios the targets are about: (b) / sysdig-with-filter (target ≥ 3) and
// (c) / sysdig-with-filter (target ≥ 1). Run after `npm install && npm run build`:
// `node bench/engine.js [TIMES]`. Measures only; it asserts nothing.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { inflate } = require('../scripts/native/inflate');

const root = path.join(__dirname, '..');
const times = Number(process.argv[2] || 1000);
const dir = path.join(root, '.bench');
const file = path.join(dir, `curl_google_x${times}.scap`);
const RUNS = 5;
const SIMPLE = 'evt.type=open and fd.name contains /etc';
const { loadRulesFiles } = require(path.join(root, 'out', 'analysis'));

function ensureCapture() {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(dir, { recursive: true });
  const { buffer, events } = inflate(fs.readFileSync(path.join(root, 'test', 'fixtures', 'captures', 'curl_google.scap')), times);
  fs.writeFileSync(file, buffer);
  console.log(`made ${path.relative(root, file)}: ${events} events, ${(buffer.length / 1e6).toFixed(1)} MB`);
}

/** Compiles rules files into a rule set JSON file for the engine runs. */
function ruleSetFile(name, rulesFiles) {
  const { results, ruleSet } = loadRulesFiles(rulesFiles);
  const failed = results.filter((result) => !result.successful);
  if (failed.length > 0) throw new Error(`rules do not load: ${failed.map((result) => result.file).join(', ')}`);
  const out = path.join(dir, `${name}.ruleset.json`);
  fs.writeFileSync(out, JSON.stringify(ruleSet));
  return { out, nRules: ruleSet.rules.filter((rule) => rule.enabled).length };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function engineRun(ruleSetJsonFile) {
  const script = `
    const fs = require('fs');
    const a = require(${JSON.stringify(path.join(root, 'build', 'Release', 'falco_studio.node'))});
    const json = fs.readFileSync(${JSON.stringify(ruleSetJsonFile)}, 'utf8');
    const s = new a.ReplaySession(${JSON.stringify(file)}, json, {});
    const problems = s.problems().length;
    const t0 = process.hrtime.bigint(); const c0 = process.cpuUsage();
    let r; let alerts = 0;
    do { r = s.next(1e6); alerts += r.lines === '' ? 0 : r.lines.split('\\n').length - 1; } while (!r.done);
    const wall = Number(process.hrtime.bigint() - t0) / 1e9; const cpu = process.cpuUsage(c0);
    const summary = JSON.parse(s.summary()).summary;
    console.log(JSON.stringify({ events: summary.events, alerts, problems, error: r.error, wall, user: cpu.user / 1e6, sys: cpu.system / 1e6 }));`;
  const res = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout);
}

function sysdigRun(filter) {
  const args = filter === undefined ? '' : ` '${filter}'`;
  const res = spawnSync('bash', ['-c', `TIMEFORMAT='%R %U %S'; { time sysdig -r "$1" -q${args} > /dev/null ; } 2>&1`, 'bash', file], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(res.stdout + res.stderr);
  const [wall, user, sys] = res.stdout.trim().split('\n').pop().split(' ').map(Number);
  return { wall, user, sys };
}

function measure(name, run, events) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(run());
  const wall = median(runs.map((r) => r.wall));
  const user = median(runs.map((r) => r.user));
  const sys = median(runs.map((r) => r.sys));
  const cpu = median(runs.map((r) => r.user + r.sys));
  console.log(`${name.padEnd(44)} ${wall.toFixed(3).padStart(6)} s wall ${(events / wall / 1e6).toFixed(2).padStart(6)} M ev/s | ${user.toFixed(3)} s user ${sys.toFixed(3)} s sys ${(events / cpu / 1e6).toFixed(2).padStart(6)} M ev/CPU-s`);
  return { wallRate: events / wall, cpuRate: events / cpu, user, first: runs[0] };
}

function main() {
  ensureCapture();
  const rulesDir = path.join(root, 'test', 'fixtures', 'rules');
  const simpleRules = path.join(dir, 'simple_rule.yaml');
  fs.writeFileSync(simpleRules, `- rule: simple\n  desc: bench\n  condition: ${SIMPLE}\n  output: "%proc.name %fd.name"\n  priority: INFO\n`);
  const sets = {
    empty: ruleSetFile('empty', []),
    simple: ruleSetFile('simple', [simpleRules]),
    official: ruleSetFile('official', ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => path.join(rulesDir, f))),
  };
  const probe = engineRun(sets.empty.out);
  if (probe.error !== undefined) throw new Error(`engine read error: ${probe.error.message}`);
  const events = probe.events;
  const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`engine rules: ${path.relative(root, file)}, ${events} events, median of ${RUNS} runs, load average ${load()}`);
  const a = measure('(a) falco-studio read+state', () => engineRun(sets.empty.out), events);
  const b = measure('(b) falco-studio one simple rule', () => engineRun(sets.simple.out), events);
  console.log(`${''.padEnd(44)} ${b.first.alerts} alerts`);
  const c = measure(`(c) falco-studio official (${sets.official.nRules} rules)`, () => engineRun(sets.official.out), events);
  console.log(`${''.padEnd(44)} ${c.first.alerts} alerts, ${c.first.problems} rules left out`);
  const which = spawnSync('bash', ['-c', 'command -v sysdig'], { encoding: 'utf8' });
  if (which.status !== 0) {
    console.log('sysdig: skipped, sysdig is not installed (apt-get install -y sysdig)');
    return;
  }
  const s0 = measure('sysdig -r -q', () => sysdigRun(undefined), events);
  const s1 = measure(`sysdig -r -q '${SIMPLE}'`, () => sysdigRun(SIMPLE), events);
  const ratio = (x, y) => `${(x / y).toFixed(2)}x`;
  // Wall time on a shared 2-core machine is noisy; CPU time (user + sys) is the stable measure.
  console.log(`ratios, events per CPU-second: (a)/sysdig ${ratio(a.cpuRate, s0.cpuRate)}, (b)/sysdig-with-filter ${ratio(b.cpuRate, s1.cpuRate)} (target 3x), (c)/sysdig-with-filter ${ratio(c.cpuRate, s1.cpuRate)} (target 1x)`);
  console.log(`ratios, events per wall-second: (a)/sysdig ${ratio(a.wallRate, s0.wallRate)}, (b)/sysdig-with-filter ${ratio(b.wallRate, s1.wallRate)}, (c)/sysdig-with-filter ${ratio(c.wallRate, s1.wallRate)}`);
  console.log(`load average at the end: ${load()}`);
}

main();
