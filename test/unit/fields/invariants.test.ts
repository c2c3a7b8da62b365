/**
 * Invariants of data/fields.json: the file is what scripts/fields/generate.js makes from the
 * class files (extractable flags aside), names are unique per source, and every record has a
 * known source, type and class, a description and a consistent argument form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { type FieldInfo, loadFieldCatalog } from '../../../server/src/fields/index';
import { dataFile, packageRoot } from '../../../server/src/paths';

interface Generator {
  buildCatalog(previous: unknown): unknown;
  serialize(catalog: unknown): string;
  applyExtractableList(catalog: unknown, names: string[]): string[];
}

// The generator is plain JavaScript run by developers; load it from the checkout.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require(path.join(packageRoot(), 'scripts', 'fields', 'generate.js')) as Generator;

const VALID_TYPES = new Set([
  'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'charbuf', 'bytebuf',
  'bool', 'double', 'reltime', 'abstime', 'ipv4addr', 'ipv4net', 'ipv6addr', 'ipv6net', 'ipaddr',
  'ipnet', 'port', 'l4proto', 'sockfamily', 'mode', 'errno', 'fd', 'pid', 'fspath', 'fsrelpath',
  'flags8', 'flags16', 'flags32', 'sigtype', 'uid', 'gid', 'syscallid',
  // evt.rawarg only: the type is that of the named event parameter.
  'dynamic',
]);
const SYSCALL_CLASSES = new Set([
  'evt', 'process', 'user', 'group', 'container', 'fd', 'fdlist', 'fs.path', 'k8s', 'mesos',
  'span', 'evtin', 'syslog',
]);
const PLUGIN_CLASSES = new Set(['evt', 'k8saudit', 'json', 'cloudtrail', 'gcpaudit', 'github', 'okta']);

function rawFields(): FieldInfo[] {
  return (JSON.parse(fs.readFileSync(dataFile('fields.json'), 'utf8')) as { fields: FieldInfo[] }).fields;
}

test('data/fields.json is what the generator makes from scripts/fields/catalog', () => {
  const committed = fs.readFileSync(dataFile('fields.json'), 'utf8');
  const regenerated = generator.serialize(generator.buildCatalog(JSON.parse(committed)));
  assert.ok(regenerated === committed, 'data/fields.json is stale: run node scripts/fields/generate.js');
});

test('the generator keeps extractable flags set in the committed file', () => {
  const previous = JSON.parse(fs.readFileSync(dataFile('fields.json'), 'utf8')) as { fields: FieldInfo[] };
  const marked = { ...previous, fields: previous.fields.map((field) => ({ ...field, extractable: field.name === 'proc.name' })) };
  const rebuilt = generator.buildCatalog(marked) as { fields: FieldInfo[] };
  assert.deepEqual(rebuilt.fields.filter((field) => field.extractable).map((field) => field.name), ['proc.name']);
});

test('the engine owner sets extractable flags from a list of syscall field names', () => {
  const catalog = generator.buildCatalog(undefined) as { fields: FieldInfo[] };
  const unknown = generator.applyExtractableList(catalog, ['proc.name', 'evt.num', 'ka.verb', 'nope.x']);
  assert.deepEqual(unknown, ['ka.verb', 'nope.x']);
  assert.deepEqual(catalog.fields.filter((field) => field.extractable).map((field) => field.name), ['evt.num', 'proc.name']);
});

test('names are unique per source and every source is declared', () => {
  const catalog = loadFieldCatalog();
  const seen = new Set<string>();
  for (const field of rawFields()) {
    assert.ok(field.sources.length > 0, field.name);
    for (const source of field.sources) {
      assert.ok(catalog.isKnownSource(source), `${field.name}: unknown source ${source}`);
      assert.ok(!seen.has(`${source}:${field.name}`), `${field.name} twice in ${source}`);
      seen.add(`${source}:${field.name}`);
    }
  }
  assert.deepEqual(catalog.sources(), ['syscall', 'k8s_audit', 'aws_cloudtrail', 'gcp_auditlog', 'github', 'okta']);
});

test('types, classes, descriptions and flags are valid', () => {
  for (const field of rawFields()) {
    assert.ok(/^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_]+)+$/.test(field.name), `${field.name}: not a field name`);
    assert.ok(VALID_TYPES.has(field.type), `${field.name}: type ${field.type}`);
    const classes = field.sources.includes('syscall') && field.sources.length === 1 ? SYSCALL_CLASSES : PLUGIN_CLASSES;
    assert.ok(classes.has(field.class) || SYSCALL_CLASSES.has(field.class), `${field.name}: class ${field.class}`);
    assert.ok(field.desc.length >= 10 && field.desc.endsWith('.'), `${field.name}: description '${field.desc}'`);
    assert.equal(typeof field.isList, 'boolean', field.name);
    assert.equal(typeof field.deprecated, 'boolean', field.name);
    assert.equal(typeof field.extractable, 'boolean', field.name);
  }
});

test('argument forms are consistent', () => {
  for (const field of rawFields()) {
    assert.ok(['none', 'optional', 'required'].includes(field.arg), `${field.name}: arg ${field.arg}`);
    if (field.arg === 'none') {
      assert.equal(field.argKind, undefined, `${field.name}: argKind without an argument`);
      assert.equal(field.argDot, undefined, `${field.name}: dotted argument without an argument`);
    } else {
      assert.ok(['index', 'key', 'any'].includes(field.argKind ?? ''), `${field.name}: argKind ${String(field.argKind)}`);
    }
    if (field.argDotOnly === true) {
      assert.equal(field.argDot, true, `${field.name}: dot-only argument without the dotted form`);
    }
  }
});

test('every plugin source has the generic evt fields and its own fields', () => {
  const catalog = loadFieldCatalog();
  const ownPrefix: Record<string, string> = { k8s_audit: 'ka.', aws_cloudtrail: 'ct.', gcp_auditlog: 'gcp.', github: 'github.', okta: 'okta.' };
  for (const [source, prefix] of Object.entries(ownPrefix)) {
    const names = catalog.fieldsForSource(source).map((field) => field.name);
    for (const common of ['evt.num', 'evt.time', 'evt.source', 'evt.plugininfo', 'json.value']) {
      assert.ok(names.includes(common), `${source} lacks ${common}`);
    }
    assert.ok(names.some((name) => name.startsWith(prefix)), `${source} has no ${prefix}* field`);
    assert.ok(!names.includes('proc.name'), `${source} must not have syscall fields`);
  }
});
