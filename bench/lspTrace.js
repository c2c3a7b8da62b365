/**
 * Server-side timestamps for `bench/lsp.js` (loaded into the server with `--require` when
 * BENCH_LSP_TRACE=1): when a chunk arrives on stdin, when the edited document is updated,
 * when the load starts and ends, and when each message is written to stdout. Timestamps are
 * `process.hrtime.bigint()` (CLOCK_MONOTONIC, shared by all processes of the machine), so
 * the bench can line them up with its own send and receive times. They are written as JSON
 * lines to the file named by BENCH_LSP_TRACE_FILE when the server exits. It measures; it
 * changes no behaviour of the server.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const out = path.join(__dirname, '..', 'out');
const events = [];
const mark = (name) => events.push({ name, at: process.hrtime.bigint().toString() });

process.stdin.on('data', () => mark('stdin'));
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  mark('stdout');
  return write(chunk, ...rest);
};

const textDocument = require(require.resolve('vscode-languageserver-textdocument', { paths: [out] })).TextDocument;
const update = textDocument.update;
textDocument.update = function traced(...args) {
  mark('update');
  return update.apply(this, args);
};

const load = require(path.join(out, 'compile', 'load.js'));
const loadRules = load.loadRules;
load.loadRules = function traced(...args) {
  mark('loadStart');
  try {
    return loadRules.apply(this, args);
  } finally {
    mark('loadEnd');
  }
};

process.on('exit', () => {
  if (process.env.BENCH_LSP_TRACE_FILE) {
    fs.writeFileSync(process.env.BENCH_LSP_TRACE_FILE, events.map((event) => JSON.stringify(event)).join('\n'));
  }
});
