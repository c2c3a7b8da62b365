/**
 * `npm run package`: builds the real .vsix (scripts/package.js, vsce, .vscodeignore) into a
 * temporary folder, reads its zip directory, and checks that it holds exactly what runs (the
 * compiled client, server, CLI and engine, the addon, data/, syntaxes/, the production
 * dependencies) and none of the tests, sources, build intermediates or dev tools. Then it
 * unpacks the package and replays a real capture with the packaged CLI, which must give the
 * same JSON as the checkout's. It does not install the package into an editor (the e2e
 * harness does that with code-server).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { after, before, test } from 'node:test';
import { packageRoot } from '../../server/src/paths';

const root = packageRoot();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'falco-studio-package-'));
const vsix = path.join(tmp, 'falco-rule-studio.vsix');
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface ZipEntry { name: string; method: number; compressedSize: number; localOffset: number }

/** Reads a zip's central directory (no zip64: a .vsix of this size never needs it). */
function zipEntries(buf: Buffer): ZipEntry[] {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'no end-of-central-directory record: not a zip file');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, `central directory entry ${i} is malformed`);
    const nameLength = buf.readUInt16LE(at + 28);
    entries.push({
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      localOffset: buf.readUInt32LE(at + 42),
      name: buf.toString('utf8', at + 46, at + 46 + nameLength),
    });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

function zipData(buf: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localOffset;
  assert.equal(buf.readUInt32LE(at), 0x04034b50, `${entry.name}: bad local header`);
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const raw = buf.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return Buffer.from(raw);
  assert.equal(entry.method, 8, `${entry.name}: unexpected compression method ${entry.method}`);
  return zlib.inflateRawSync(raw);
}

let buf: Buffer;
let names: string[];
let entries: ZipEntry[];

before(() => {
  const res = spawnSync(process.execPath, [path.join(root, 'scripts', 'package.js'), '--no-build', '--out', vsix],
    { cwd: root, encoding: 'utf8' });
  assert.equal(res.status, 0, `npm run package failed:\n${res.stdout}\n${res.stderr}`);
  buf = fs.readFileSync(vsix);
  entries = zipEntries(buf);
  names = entries.map((e) => e.name);
});

test('the package holds the extension, server, CLI, engine, addon, data and grammar', () => {
  for (const required of [
    'extension.vsixmanifest',
    'extension/package.json',
    'extension/readme.md',
    'extension/out/client/extension.js',
    'extension/out/server/main.js',
    'extension/out/cli/main.js',
    'extension/out/analysis.js',
    'extension/out/paths.js',
    'extension/out/engine/process.js',
    'extension/out/engine/protocol.js',
    'extension/build/Release/falco_studio.node',
    'extension/data/event-schema.json',
    'extension/data/fields.json',
    'extension/syntaxes/falco.tmLanguage.json',
    'extension/syntaxes/language-configuration.json',
  ]) assert.ok(names.includes(required), `missing ${required}`);
  const manifest = JSON.parse(zipData(buf, entries[names.indexOf('extension/package.json')]!).toString('utf8')) as
    { main: string; dependencies: Record<string, string> };
  assert.ok(names.includes(`extension/${path.posix.normalize(manifest.main)}`), `main ${manifest.main} is not packaged`);
  // Every runtime dependency is there, except node-addon-api, which only the C++ build reads.
  for (const dep of Object.keys(manifest.dependencies).filter((d) => d !== 'node-addon-api')) {
    assert.ok(names.includes(`extension/node_modules/${dep}/package.json`), `dependency ${dep} is not packaged`);
  }
});

test('the package leaves out tests, sources, build intermediates and dev tools', () => {
  const forbidden: [RegExp, string][] = [
    [/^extension\/out\/tests\//, 'compiled tests'],
    [/^extension\/(test|native|server|client|scripts|bench|examples|docs|\.ci|\.vscode)\//, 'sources or tooling'],
    [/^extension\/build\/(?!Release\/falco_studio\.node$)/, 'build intermediates'],
    [/\.(ts|map|tsbuildinfo|cpp|h|o|vsix)$/, 'declarations, maps, C++ or objects'],
    [/^extension\/node_modules\/(typescript|eslint|@types|@vscode|node-gyp|node-addon-api|playwright-core)\//, 'dev dependencies'],
    [/^extension\/(ARCHITECTURE\.md|binding\.gyp|package-lock\.json|tsconfig[^/]*\.json|eslint\.config\.mjs)$/, 'repository files'],
  ];
  for (const name of names) {
    for (const [pattern, what] of forbidden) assert.doesNotMatch(name, pattern, `${name} is ${what}`);
  }
  assert.ok(buf.length < 8 * 1024 * 1024, `the package is ${buf.length} bytes; something large slipped in`);
});

test('the unpacked package replays a capture exactly as the checkout does', () => {
  const unpacked = path.join(tmp, 'unpacked');
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    const file = path.join(unpacked, ...entry.name.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, zipData(buf, entry));
  }
  const args = ['replay', path.join(root, 'test', 'fixtures', 'captures', 'cat_write.scap'),
    '-r', path.join(root, 'test', 'fixtures', 'rules', 'falco_rules.yaml'), '--json'];
  const replay = (cli: string): string => {
    const res = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: tmp });
    assert.equal(res.status, 0, `${cli} replay failed:\n${res.stderr}`);
    return res.stdout;
  };
  const packaged = replay(path.join(unpacked, 'extension', 'out', 'cli', 'main.js'));
  const checkout = replay(path.join(root, 'out', 'cli', 'main.js'));
  assert.ok((JSON.parse(packaged) as { summary: { events: number } }).summary.events > 0);
  assert.equal(packaged, checkout);
});
