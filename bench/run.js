/**
 * `npm run bench`: runs every benchmark script listed below, one after the other, each in
 * its own process. Add a line per new benchmark.
 */
'use strict';
const { spawnSync } = require('child_process');
const path = require('path');

const benches = ['condition.js', 'validate.js', 'engine-read.js', 'engine.js', 'profile.js', 'lsp.js'];

let failed = false;
for (const bench of benches) {
  const res = spawnSync(process.execPath, [path.join(__dirname, bench)], { stdio: 'inherit' });
  failed = failed || res.status !== 0;
}
process.exitCode = failed ? 1 : 0;
