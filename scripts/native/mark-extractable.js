#!/usr/bin/env node
// Marks `extractable: true` in data/fields.json for exactly the fields the native engine can
// extract (the addon's fieldRegistry(): syscall and k8s_audit fields), through the catalog
// generator's --extractable mode, so only that key changes. Needs a built addon (npm install).
// The catalog test checks the result.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const addon = require(path.join(root, 'build', 'Release', 'falco_studio.node'));
const names = addon.fieldRegistry().map((f) => f.name);
const list = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'extractable-')), 'fields.txt');
fs.writeFileSync(list, names.join('\n') + '\n');
execFileSync(process.execPath, [path.join(root, 'scripts', 'fields', 'generate.js'), '--extractable', list, '--engine-sources'], { stdio: 'inherit' });
