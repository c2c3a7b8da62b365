/**
 * `data/rules-schema.json` and its reader: the data file parses, agrees with the loader
 * where the two must agree (every schema priority is one the loader accepts, every key an
 * override may touch is in the schema's override shape, every rule key the loader reads is
 * a schema key), and malformed data files are refused with a message naming the place.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APPENDABLE_RULE_KEYS, parsePriority, REPLACEABLE_RULE_KEYS } from '../../../server/src/rules/readRule';
import { loadRuleSchema, parseRuleSchema } from '../../../server/src/schema/ruleSchema';

test('the data file parses and names the shapes Falco schema has', () => {
  const schema = loadRuleSchema();
  assert.equal(schema.document.type, 'sequence');
  assert.deepEqual(Object.keys(schema.shapes).sort(), [
    'exception', 'item', 'listItem', 'override', 'overrideMode', 'pluginAlternative', 'pluginRequirement', 'priority',
  ]);
  assert.equal(schema.shapes.item.closed, true);
});

test('every priority the schema lists is one the loader accepts', () => {
  const priorities = loadRuleSchema().shapes.priority.oneOf ?? [];
  assert.equal(priorities.length, 9);
  for (const priority of priorities) {
    assert.notEqual(parsePriority(priority), undefined, priority);
    assert.equal(priority, priority.toUpperCase());
  }
});

test('every key an override may append or replace is in the schema override shape', () => {
  const overrideKeys = Object.keys(loadRuleSchema().shapes.override.keys ?? {});
  for (const key of [...APPENDABLE_RULE_KEYS, ...REPLACEABLE_RULE_KEYS]) {
    assert.ok(overrideKeys.includes(key), key);
  }
  // And every key of an item the loader reads is a schema key.
  const itemKeys = Object.keys(loadRuleSchema().shapes.item.keys ?? {});
  for (const key of ['required_engine_version', 'required_plugin_versions', 'list', 'macro', 'rule', 'items', 'append', 'override', ...REPLACEABLE_RULE_KEYS, 'source']) {
    assert.ok(itemKeys.includes(key), key);
  }
});

test('malformed data files are refused with the place named', () => {
  const shapes = { a: { type: 'string' } };
  assert.throws(() => parseRuleSchema([]), /expected an object/);
  assert.throws(() => parseRuleSchema({ document: { ref: 'b' }, shapes }), /unknown shape 'b'/);
  assert.throws(() => parseRuleSchema({ document: { type: 'number' }, shapes }), /document\.type 'number'/);
  assert.throws(() => parseRuleSchema({ document: { each: { tpye: 'string' } }, shapes }), /document\.each has an unknown key 'tpye'/);
  assert.throws(() => parseRuleSchema({ document: { minKeys: -1 }, shapes }), /minKeys/);
  assert.deepEqual(parseRuleSchema({ document: { ref: 'a' }, shapes }), { document: { ref: 'a' }, shapes: { a: { type: 'string' } } });
});
