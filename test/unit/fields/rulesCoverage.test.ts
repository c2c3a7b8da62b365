/**
 * The catalog against the rules people really run: every field used in a condition, output or
 * exception of the official rules files (test/fixtures/rules, plugins included) must be in
 * `data/fields.json` for the source of the rule, with a valid argument and, in conditions, an
 * operator its type accepts. Known gaps are listed below with their reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { loadFieldCatalog } from '../../../server/src/fields/index';
import { checkFieldArgument, checkOperator } from '../../../server/src/fields/operators';
import { packageRoot } from '../../../server/src/paths';
import { fieldUsesOfFile, ruleSourcesOfFiles, type FieldUse } from './ruleFieldUses';

const RULES_DIR = path.join(packageRoot(), 'test', 'fixtures', 'rules');

/** Uses the catalog deliberately does not accept, as `file: field`, with the reason. */
const EXCEPTIONS: Record<string, string> = {};

function rulesFiles(): string[] {
  const files: string[] = [];
  for (const dir of [RULES_DIR, path.join(RULES_DIR, 'plugins')]) {
    for (const name of fs.readdirSync(dir).sort()) {
      if (name.endsWith('.yaml')) {
        files.push(path.join(dir, name));
      }
    }
  }
  return files;
}

function describeUse(use: FieldUse): string {
  return `${path.basename(use.file)}: ${use.item}: ${use.where} uses ${use.field}${use.arg === undefined ? '' : `[${use.arg}]`}`;
}

test('the fixtures hold the ten official rules files', () => {
  assert.equal(rulesFiles().length, 10);
});

for (const file of rulesFiles()) {
  test(`every field used in ${path.basename(file)} is in the catalog for its source`, () => {
    const catalog = loadFieldCatalog();
    const uses = fieldUsesOfFile(file, ruleSourcesOfFiles(rulesFiles()));
    assert.ok(uses.length > 0, 'the extractor found no field at all');
    const problems: string[] = [];
    for (const use of uses) {
      if (EXCEPTIONS[`${path.basename(file)}: ${use.field}`] !== undefined) {
        continue;
      }
      const field = catalog.lookup(use.field, use.source);
      if (field === undefined) {
        problems.push(`${describeUse(use)}: not in the catalog for source ${use.source}`);
        continue;
      }
      const argProblem = checkFieldArgument(field, use.arg);
      if (argProblem !== undefined) {
        problems.push(`${describeUse(use)}: ${argProblem}`);
      }
      if (use.op !== undefined) {
        const opProblem = checkOperator(field, use.op);
        if (opProblem !== undefined) {
          problems.push(`${describeUse(use)} with ${use.op}: ${opProblem}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
}

test('the extractor reports checks, transformer arguments and output fields, not values', () => {
  const uses = fieldUsesOfFile(path.join(RULES_DIR, 'falco_rules.yaml'));
  const names = new Set(uses.map((use) => use.field));
  assert.ok(names.has('proc.name'));
  assert.ok(names.has('evt.type'));
  assert.ok(names.has('fd.name'));
  // Values that look like dotted names (image names, file names) are never fields.
  assert.ok(!names.has('docker.io'));
  assert.ok(!names.has('nginx.conf'));
});
