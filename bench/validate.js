/**
 * Validation benchmark (in-process, after `npm run build`): the three official syscall rules
 * files, loaded in Falco's order. Prints the median of N runs, in milliseconds, of
 *   - a cold load (every cache cleared first: YAML, condition parses, checks), and
 *   - a re-validation after a one-character edit in falco_rules.yaml (what the editor does
 *     on each keystroke: re-read the changed file, recompile, recompute diagnostics).
 * Both load like the CLI and the editor do: compiling after each file, as Falco does.
 * Targets: cold <= 20 ms, edit <= 3 ms. The cold load's CPU time (user + sys of the whole
 * process, GC threads included) is printed too: on a loaded machine it is the steadier figure.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const { loadRules, clearLoaderCaches } = require(path.join(root, 'out', 'compile', 'load.js'));
const names = ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'];
const files = names.map((name) => ({ name, text: fs.readFileSync(path.join(root, 'test', 'fixtures', 'rules', name), 'utf8') }));
const runs = Number(process.env.BENCH_RUNS || 25);

function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function time(fn, cpuOut) {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (cpuOut !== undefined) {
    const cpu = process.cpuUsage(cpuStart);
    cpuOut.push((cpu.user + cpu.system) / 1000);
  }
  return elapsed;
}

// Warm up the JIT (a user's server has been running for a while), then measure. Every
// warm-up load starts from cleared caches too; it takes about 15 loads before V8 has
// optimised the loader's hot functions (5 left the first measured runs 2-4x slower).
const warmups = Number(process.env.BENCH_WARMUPS || 20);
for (let idx = 0; idx < warmups; idx++) {
  clearLoaderCaches();
  loadRules(files, { compileEachFile: true });
}
const cold = [];
const coldCpu = [];
for (let idx = 0; idx < runs; idx++) {
  clearLoaderCaches();
  cold.push(time(() => loadRules(files, { compileEachFile: true }), coldCpu));
}

// One-character edits inside a rule condition of falco_rules.yaml: run N inserts one more
// space after its first parenthesis than run N-1, so every run validates a text never seen
// before (alternating two texts would only measure the loader's caches).
const marker = files[0].text.indexOf('condition:', files[0].text.indexOf('- rule:'));
const editAt = files[0].text.indexOf('(', marker) + 1;
const editedFiles = (count) => [{ ...files[0], text: files[0].text.slice(0, editAt) + ' '.repeat(count) + files[0].text.slice(editAt) }, files[1], files[2]];
loadRules(files, { compileEachFile: true });
const edits = [];
for (let idx = 0; idx < runs; idx++) {
  const variant = editedFiles(idx + 1);
  edits.push(time(() => loadRules(variant, { compileEachFile: true })));
}

console.log(`validate: official syscall files (${names.join(', ')}), median of ${runs} runs`);
console.log(`  cold load:              ${median(cold).toFixed(2)} ms (target <= 20 ms); CPU ${median(coldCpu).toFixed(2)} ms`);
console.log(`  re-validate after edit: ${median(edits).toFixed(2)} ms (target <= 3 ms)`);
