// Builds the extension package: compiles the TypeScript, checks that the native addon is
// built, then runs vsce to write falco-rule-studio-VERSION.vsix (or the path given with
// `--out PATH`; `--no-build` skips the compile when out/ is fresh). What goes in is decided
// by .vscodeignore, not here. It deliberately does not rebuild the addon (that is
// `npm install`, i.e. node-gyp) and publishes nothing.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

function run(cmd, args) {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error(`package: ${cmd} ${args.join(' ')} failed (exit ${res.status === null ? res.signal : res.status})`);
    process.exit(1);
  }
}

const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const out = outIndex >= 0 && args[outIndex + 1] !== undefined
  ? path.resolve(args[outIndex + 1])
  : path.join(root, `falco-rule-studio-${version}.vsix`);

const addon = path.join(root, 'build', 'Release', 'falco_studio.node');
if (!fs.existsSync(addon)) {
  console.error(`package: ${path.relative(root, addon)} is missing; run \`npm install\` (node-gyp rebuild) first`);
  process.exit(1);
}
if (!args.includes('--no-build')) run(process.execPath, [require.resolve('typescript/bin/tsc'), '-b']);
run(process.execPath, [
  require.resolve('@vscode/vsce/vsce'),
  'package', '--no-yarn', '--allow-missing-repository', '--skip-license', '--out', out,
]);
