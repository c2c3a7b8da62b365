// Condition and output parsing benchmark: every condition of the three official syscall
// rules files (median of repeated warm runs), a 1 MB condition, a 100 000-item list, and
// every output format. Run after `npm run build`: `node bench/condition.js`.
// It measures only; it asserts nothing (tests do that).
'use strict';
const fs = require('fs');
const path = require('path');
const { parse: parseYaml } = require('yaml');
const { parseCondition } = require('../out/condition');
const { parseOutput } = require('../out/output');

const rulesDir = path.join(__dirname, '..', 'test', 'fixtures', 'rules');
const files = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'];
const conditions = [];
const outputs = [];
for (const file of files) {
  for (const item of parseYaml(fs.readFileSync(path.join(rulesDir, file), 'utf8')) || []) {
    if (item.condition != null) conditions.push(String(item.condition));
    if (item.output != null) outputs.push(String(item.output));
  }
}

/**
 * Median wall time in ms of `runs` calls of `fn`, after `warmup` unmeasured calls, with the
 * median CPU time (user + system, GC threads included) beside it: on a busy machine wall
 * time grows with the load, CPU time much less.
 */
function median(fn, runs, warmup) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  const cpus = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    fn();
    const cpu = process.cpuUsage(cpuStart);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    cpus.push((cpu.user + cpu.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return { wall: times[Math.floor(times.length / 2)], cpu: cpus[Math.floor(cpus.length / 2)] };
}

/** "12.3 ms (CPU 10.1 ms)". */
function show({ wall, cpu }, digits) {
  return `${wall.toFixed(digits)} ms (CPU ${cpu.toFixed(digits)} ms)`;
}

const nBytes = conditions.reduce((acc, text) => acc + text.length, 0);
const coldStart = process.hrtime.bigint();
for (const text of conditions) parseCondition(text);
const coldMs = Number(process.hrtime.bigint() - coldStart) / 1e6;
const warm = median(() => conditions.forEach((text) => parseCondition(text)), 30, 10);
console.log(`official syscall conditions: ${conditions.length} conditions, ${nBytes} bytes: first run ${coldMs.toFixed(1)} ms, warm median ${show(warm, 2)}`);

const anyDotted = (name) => /^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_]+)+$/.test(name);
const outputTime = median(() => outputs.forEach((text) => parseOutput(text, anyDotted)), 30, 10);
console.log(`official syscall outputs: ${outputs.length} formats: warm median ${show(outputTime, 2)}`);

let chain = 'evt.type = open';
while (chain.length < 1000000) chain += ' and (fd.name in (x, "y z", 3) or not proc.name startswith /usr)';
const chainTime = median(() => parseCondition(chain), 5, 1);
console.log(`1 MB condition (${chain.length} bytes): median ${show(chainTime, 0)}`);

const list = `proc.name in (${Array.from({ length: 100000 }, (_, i) => `item${i}`).join(', ')})`;
const listTime = median(() => parseCondition(list), 5, 1);
console.log(`100 000-item list (${list.length} bytes): median ${show(listTime, 0)}`);

const deep = 'not ('.repeat(999) + 'a.b=1' + ')'.repeat(999);
const deepTime = median(() => parseCondition(deep), 5, 1);
console.log(`999 nested groups: median ${show(deepTime, 1)}`);
