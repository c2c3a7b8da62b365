/**
 * `deprecatedOutputField` scans an output once, at the places `evt.` occurs; it must name
 * the same field at the same offset as the plain rule it stands for: the first deprecated
 * field, in list order, that occurs anywhere, at its first offset. Checked on outputs built
 * from the official rules files' outputs with deprecated fields inserted at random places.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEPRECATED_FIELDS, deprecatedOutputField } from '../../../server/src/checks/deprecatedFields';
import { packageRoot } from '../../../server/src/paths';
import { seededRandom } from '../../support/random';

function plainRule(output: string): { name: string; offset: number } | undefined {
  for (const name of DEPRECATED_FIELDS) {
    const offset = output.indexOf(name);
    if (offset !== -1) {
      return { name, offset };
    }
  }
  return undefined;
}


test('deprecatedOutputField names the first listed deprecated field at its first offset', () => {
  const fixtures = path.join(packageRoot(), 'test', 'fixtures', 'rules');
  const text = fs.readFileSync(path.join(fixtures, 'falco_rules.yaml'), 'utf8');
  const outputs = [...text.matchAll(/^\s+output: (.+)$/gm)].map((match) => match[1]);
  assert.ok(outputs.length > 20);
  const random = seededRandom(7);
  const pieces = [...DEPRECATED_FIELDS, 'evt.', 'evt.latencyx', 'evt.di', 'evt.evt.dir', '%evt.type'];
  let found = 0;
  for (let idx = 0; idx < 600; idx++) {
    let output = outputs[idx % outputs.length];
    const inserts = Math.floor(random() * 4);
    for (let count = 0; count < inserts; count++) {
      const at = Math.floor(random() * (output.length + 1));
      output = output.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + output.slice(at);
    }
    const expected = plainRule(output);
    assert.deepEqual(deprecatedOutputField(output), expected, output);
    if (expected !== undefined) found++;
  }
  assert.ok(found > 100, `only ${found} outputs mention a deprecated field`);
});
