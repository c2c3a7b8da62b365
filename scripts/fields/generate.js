// Builds data/fields.json, the one field catalog, from the hand-maintained class files in
// scripts/fields/catalog/*.txt. It keeps the `extractable` flags already present in the
// committed data/fields.json (the engine engineer owns them), so regenerating never resets them.
// It does not talk to sysdig or the network: the sysdig listing is only a test fixture.
//
// Usage: node scripts/fields/generate.js          rewrite data/fields.json
//        node scripts/fields/generate.js --check  exit 1 when data/fields.json is stale
//        node scripts/fields/generate.js --extractable FILE [--engine-sources]
//            (for the engine's owner) rewrite with extractable=true exactly for the syscall
//            fields named in FILE, one name per line (with --engine-sources: the fields of
//            every source the engine evaluates, syscall and k8s_audit); other flags are kept
//
// Class file format (one file per source group and field class):
//   @sources syscall k8s_audit      sources of the fields that follow
//   @class process                  libsinsp filtercheck class (or plugin name)
//   name | type | flags | description
// flags: `list` (the field yields several values), `arg=<optional|required>/<index|key|any>`,
// `deprecated`, and the optional markers of BOOLEAN_FLAGS below. Blank lines and lines starting with `#` are ignored.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const CATALOG_DIR = path.join(__dirname, 'catalog');
const OUTPUT = path.join(ROOT, 'data', 'fields.json');

/** The event sources the catalog knows, with a short description of each. */
const SOURCES = [
  { name: 'syscall', description: 'System calls and meta events read from the kernel or from .scap capture files (libsinsp).' },
  { name: 'k8s_audit', description: 'Kubernetes API server audit events (k8saudit plugin).' },
  { name: 'aws_cloudtrail', description: 'AWS CloudTrail log records (cloudtrail plugin).' },
  { name: 'gcp_auditlog', description: 'Google Cloud audit log entries (gcpaudit plugin).' },
  { name: 'github', description: 'GitHub webhook events (github plugin).' },
  { name: 'okta', description: 'Okta system log events (okta plugin).' },
];

/**
 * Optional markers, written to the JSON only when set: `dot` = the argument may also follow a
 * dot (`evt.arg.fd`); `dotonly` = only after a dot, brackets refused; `tableonly`/`printonly`/`filteronly` = libsinsp's EPF_TABLE_ONLY,
 * EPF_PRINT_ONLY (outputs only), EPF_FILTER_ONLY (conditions only); `norhs`/`notransformer` =
 * EPF_NO_RHS, EPF_NO_TRANSFORMER; `legacy` = known to sysdig 0.29.3-era libs but gone from
 * current libsinsp.
 */
const BOOLEAN_FLAGS = {
  dot: 'argDot',
  dotonly: 'argDotOnly',
  tableonly: 'tableOnly',
  printonly: 'printOnly',
  filteronly: 'filterOnly',
  norhs: 'noRhs',
  notransformer: 'noTransformer',
  legacy: 'legacyOnly',
};

/** Key order of a field record in data/fields.json. */
const KEY_ORDER = ['name', 'sources', 'class', 'type', 'isList', 'arg', 'argKind', 'desc', 'extractable', 'deprecated',
  ...Object.values(BOOLEAN_FLAGS)];

/** Parses one class file into field records; throws with file:line on malformed input. */
function parseClassFile(file, text) {
  const fields = [];
  let sources;
  let fieldClass;
  text.split('\n').forEach((rawLine, lineIdx) => {
    const where = `${path.basename(file)}:${lineIdx + 1}`;
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) return;
    if (line.startsWith('@sources ')) {
      sources = line.slice('@sources '.length).trim().split(/\s+/);
      return;
    }
    if (line.startsWith('@class ')) {
      fieldClass = line.slice('@class '.length).trim();
      return;
    }
    const cells = line.split('|').map((cell) => cell.trim());
    if (cells.length < 4) throw new Error(`${where}: expected 'name | type | flags | description'`);
    if (sources === undefined || fieldClass === undefined) throw new Error(`${where}: @sources and @class must come first`);
    const [name, type, flags] = cells;
    const desc = cells.slice(3).join('|').trim();
    const field = {
      name,
      sources: sources.slice(),
      class: fieldClass,
      type,
      isList: false,
      arg: 'none',
      desc,
      extractable: false,
      deprecated: false,
    };
    for (const flag of flags.split(/[\s,]+/).filter((token) => token !== '')) {
      const argMatch = /^arg=(optional|required)\/(index|key|any)$/.exec(flag);
      if (flag === 'list') field.isList = true;
      else if (flag === 'deprecated') field.deprecated = true;
      else if (BOOLEAN_FLAGS[flag] !== undefined) field[BOOLEAN_FLAGS[flag]] = true;
      else if (argMatch !== null) {
        field.arg = argMatch[1];
        field.argKind = argMatch[2];
      } else throw new Error(`${where}: unknown flag '${flag}'`);
    }
    fields.push(field);
  });
  return fields;
}

/** Reads every class file and returns the catalog object, keeping `extractable` from `previous`. */
function buildCatalog(previous) {
  const keep = new Map();
  if (previous !== undefined && Array.isArray(previous.fields)) {
    for (const field of previous.fields) {
      if (field.extractable !== true) continue;
      for (const source of field.sources) keep.set(`${source}:${field.name}`, true);
    }
  }
  const files = fs.readdirSync(CATALOG_DIR).filter((name) => name.endsWith('.txt')).sort();
  const fields = [];
  for (const name of files) {
    const file = path.join(CATALOG_DIR, name);
    fields.push(...parseClassFile(file, fs.readFileSync(file, 'utf8')));
  }
  for (const field of fields) {
    if (field.sources.some((source) => keep.has(`${source}:${field.name}`))) field.extractable = true;
    if (field.desc === '') field.desc = '(description pending)';
  }
  return { version: 1, sources: SOURCES, fields };
}

/** The exact text written to data/fields.json for a catalog object. */
function serialize(catalog) {
  const lines = ['{', '  "version": 1,', '  "sources": ['];
  catalog.sources.forEach((source, idx) => {
    lines.push(`    ${JSON.stringify(source)}${idx + 1 < catalog.sources.length ? ',' : ''}`);
  });
  lines.push('  ],', '  "fields": [');
  catalog.fields.forEach((field, idx) => {
    const ordered = {};
    for (const key of KEY_ORDER) if (field[key] !== undefined) ordered[key] = field[key];
    lines.push(`    ${JSON.stringify(ordered)}${idx + 1 < catalog.fields.length ? ',' : ''}`);
  });
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

function readPrevious() {
  if (!fs.existsSync(OUTPUT)) return undefined;
  return JSON.parse(fs.readFileSync(OUTPUT, 'utf8'));
}

/** The sources the native engine evaluates (`--extractable FILE --engine-sources`). */
const ENGINE_SOURCES = ['syscall', 'k8s_audit'];

/**
 * Sets `extractable` of the fields of `sources` (syscall by default) from a list of names;
 * returns the names that are no field of those sources.
 */
function applyExtractableList(catalog, names, sources = ['syscall']) {
  const wanted = new Set(names);
  const found = new Set();
  for (const field of catalog.fields) {
    if (!field.sources.some((source) => sources.includes(source))) continue;
    field.extractable = wanted.has(field.name);
    if (field.extractable) found.add(field.name);
  }
  return [...wanted].filter((name) => !found.has(name));
}

function main() {
  const previous = readPrevious();
  const listIdx = process.argv.indexOf('--extractable');
  if (listIdx >= 0) {
    const listFile = process.argv[listIdx + 1];
    if (listFile === undefined) throw new Error('--extractable needs a file of field names');
    const catalog = buildCatalog(previous);
    const names = fs.readFileSync(listFile, 'utf8').split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const sources = process.argv.includes('--engine-sources') ? ENGINE_SOURCES : ['syscall'];
    const unknown = applyExtractableList(catalog, names, sources);
    if (unknown.length > 0) {
      process.stderr.write(`not fields of ${sources.join(', ')} in the catalog: ${unknown.join(', ')}\n`);
      process.exit(1);
    }
    fs.writeFileSync(OUTPUT, serialize(catalog));
    process.stdout.write(`marked ${names.length} fields extractable in ${path.relative(ROOT, OUTPUT)}\n`);
    return;
  }
  const text = serialize(buildCatalog(previous));
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(OUTPUT) ? fs.readFileSync(OUTPUT, 'utf8') : '';
    if (current !== text) {
      process.stderr.write('data/fields.json is stale: run node scripts/fields/generate.js\n');
      process.exit(1);
    }
    return;
  }
  fs.writeFileSync(OUTPUT, text);
  process.stdout.write(`wrote ${path.relative(ROOT, OUTPUT)}\n`);
}

module.exports = { buildCatalog, serialize, parseClassFile, applyExtractableList, OUTPUT };

if (require.main === module) main();
