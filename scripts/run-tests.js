// Runs Node's test runner over every compiled `*.test.js` under out/tests/test, so support
// modules (harnesses, check functions) are never counted as tests. Node 20's runner takes
// no glob patterns, hence this list. Extra arguments are passed to `node --test`.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

function findTests(dir, acc) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findTests(full, acc);
    else if (entry.name.endsWith('.test.js')) acc.push(full);
  }
  return acc;
}

const root = path.join(__dirname, '..', 'out', 'tests', 'test');
const files = findTests(root, []).sort();
if (files.length === 0) {
  console.error(`run-tests: no *.test.js under ${root}; did the build run?`);
  process.exit(1);
}
const res = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...process.argv.slice(2), ...files], { stdio: 'inherit' });
process.exit(res.status === null ? 1 : res.status);
