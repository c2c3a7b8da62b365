#!/usr/bin/env node
// Regenerates test/fixtures/oracle-matches/<capture>.json: for every rule of the rule sets
// below and every shared capture, the evt.num values that
//   sysdig -r CAPTURE -p '*%evt.num' '<the rule's expanded condition>'
// prints (sysdig 0.29.3: `apt-get update && apt-get install -y sysdig`). Conditions are the
// loader's expanded trees (macros, lists, exceptions) printed by the condition printer; rules
// of own_modern_rules.yaml use the sysdig-accepted equivalents of equivalents.json. Rules
// whose condition sysdig rejects (fields, event types or operators it does not know) are
// listed under "unsupported" with sysdig's message. Needs a built checkout (npm run build).
// CI never runs this: the tests read the committed fixtures.
'use strict';
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const zlib = require('zlib');

const root = path.join(__dirname, '..', '..');
const { loadRulesFiles } = require(path.join(root, 'out', 'analysis'));
const { printExpr } = require(path.join(root, 'out', 'condition'));
const { toExpr } = require(path.join(root, 'out', 'expand', 'tree'));

const rulesDir = path.join(root, 'test', 'fixtures', 'rules');
const capturesDir = path.join(root, 'test', 'fixtures', 'captures');
const outDir = path.join(root, 'test', 'fixtures', 'oracle-matches');

/** The rule sets, each loaded like `falco -r a -r b ...`. */
const RULE_SETS = {
  official: ['falco_rules.yaml', 'falco-incubating_rules.yaml', 'falco-sandbox_rules.yaml'].map((f) => path.join(rulesDir, f)),
  own: [path.join(rulesDir, 'own', 'own_rules.yaml')],
  own_modern: [path.join(rulesDir, 'own', 'own_modern_rules.yaml')],
};

/** Every compiled rule of a set with the condition text sysdig gets. */
function conditions(setName, files) {
  const { outcome } = loadRulesFiles(files);
  const equivalents = setName === 'own_modern' ? JSON.parse(fs.readFileSync(path.join(__dirname, 'equivalents.json'), 'utf8')) : {};
  const out = [];
  for (const result of outcome.compiled.rules) {
    if (result.status !== 'ok' || result.tree === undefined || result.rule.source !== 'syscall') continue;
    const name = result.rule.name;
    const condition = setName === 'own_modern' ? equivalents[name] : printForSysdig(toExpr(result.tree));
    if (condition === undefined) throw new Error(`no sysdig equivalent for ${name} in equivalents.json`);
    out.push({ name, condition });
  }
  return out;
}

/**
 * Condition text for sysdig 0.29.3, whose parser rejects `a and b or c` ("expression mixes
 * 'and' and 'or' in an ambiguous way"): every nested and/or/not operand is bracketed; the
 * checks themselves are printed by the condition printer.
 */
function printForSysdig(expr) {
  const operand = (child) => (child.kind === 'check' ? printExpr(child) : `(${printForSysdig(child)})`);
  switch (expr.kind) {
    case 'and':
      return expr.children.map(operand).join(' and ');
    case 'or':
      return expr.children.map(operand).join(' or ');
    case 'not':
      return `not ${operand(expr.child)}`;
    default:
      return printExpr(expr);
  }
}

/** sysdig 0.29.3 cannot open pcapng SHB options: strip them (captures/README.md recipe). */
function sysdigReadable(capture) {
  const data = zlib.gunzipSync(fs.readFileSync(capture));
  const shbLength = data.readUInt32LE(4);
  if (shbLength === 28) return capture;
  const head = Buffer.alloc(28);
  head.writeUInt32LE(0x0a0d0d0a, 0);
  head.writeUInt32LE(28, 4);
  data.copy(head, 8, 8, 24);
  head.writeUInt32LE(28, 24);
  const copy = path.join(os.tmpdir(), `oracle-${process.pid}-${path.basename(capture, '.scap')}.scap`);
  fs.writeFileSync(copy, Buffer.concat([head, data.subarray(shbLength)]));
  return copy;
}

function runSysdig(capture, condition) {
  return new Promise((resolve) => {
    const child = spawn('sysdig', ['-r', capture, '-p', '*%evt.num', condition]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const text = `${stdout}\n${stderr}`;
      const failed = code !== 0 || /error/i.test(text);
      resolve(failed ? { error: text.trim().split('\n').find((l) => /error/i.test(l)) ?? `exit ${code}` } : { nums: stdout.split('\n').filter((l) => l !== '').map(Number) });
    });
  });
}

/** Runs tasks with a concurrency limit. */
async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < tasks.length) {
      const idx = next++;
      results[idx] = await tasks[idx]();
    }
  }));
  return results;
}

async function main() {
  const version = execFileSync('sysdig', ['--version']).toString().trim();
  if (!version.includes('0.29.3')) console.warn(`warning: expected sysdig 0.29.3, found "${version}"`);
  fs.mkdirSync(outDir, { recursive: true });
  const sets = Object.entries(RULE_SETS).map(([setName, files]) => ({ setName, files, rules: conditions(setName, files) }));
  const captures = fs.readdirSync(capturesDir).filter((f) => f.endsWith('.scap')).sort();
  for (const captureName of captures) {
    const readable = sysdigReadable(path.join(capturesDir, captureName));
    const doc = { capture: captureName, generator: `scripts/oracle/generate.js with ${version}`, sets: {} };
    for (const set of sets) {
      const results = await pool(set.rules.map((rule) => () => runSysdig(readable, rule.condition)), os.cpus().length);
      const entry = { files: set.files.map((f) => path.relative(root, f)), matches: {}, unsupported: {} };
      set.rules.forEach((rule, ruleIdx) => {
        const result = results[ruleIdx];
        if (result.error !== undefined) entry.unsupported[rule.name] = result.error;
        else entry.matches[rule.name] = result.nums;
      });
      doc.sets[set.setName] = entry;
    }
    if (readable !== path.join(capturesDir, captureName)) fs.unlinkSync(readable);
    fs.writeFileSync(path.join(outDir, `${captureName.replace(/\.scap$/, '')}.json`), `${JSON.stringify(doc, null, 1)}\n`);
    const counts = Object.entries(doc.sets).map(([n, s]) => `${n}: ${Object.keys(s.matches).length} rules, ${Object.values(s.matches).reduce((a, m) => a + m.length, 0)} matches, ${Object.keys(s.unsupported).length} unsupported`);
    console.log(`${captureName}: ${counts.join('; ')}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
