/**
 * Reading `rule` items (Falco's `read_item` for rules): a new definition, a legacy
 * `append: true`, an `override` with append/replace entries, or an enabled-only entry.
 * Decides the item's mode and decodes the values it carries; the collector applies them.
 */
import { type YAMLMap } from 'yaml';
import { decodeBool, decodeScalar, decodeScalarSeq, decodeUint, requireScalar, type ItemContext } from './decode';
import { type RuleItem, type RuleKey, type RuleValues, type Span } from './items';
import { fail, rawProblem, type RawProblem } from './problems';
import { readExceptions } from './readExceptions';
import { readAppendAndOverrides, WARNING_ENABLED } from './overrides';
import { findPair, getValue, isNullNode, isScalar, nodeSpan, type DocContext } from './yamlNodes';

/** Keys an override may append to. */
export const APPENDABLE_RULE_KEYS: ReadonlySet<string> = new Set(['condition', 'output', 'desc', 'tags', 'exceptions']);
/** Keys an override may replace. */
export const REPLACEABLE_RULE_KEYS: ReadonlySet<string> = new Set([
  'condition', 'output', 'desc', 'tags', 'exceptions', 'priority', 'enabled', 'capture', 'capture_duration', 'warn_evttypes',
  'skip-if-unknown-filter',
]);

/** Keys whose presence makes a rule item a definition, decoded in this order. */
const DEFINITION_KEYS = ['condition', 'output', 'desc', 'priority'] as const;
/** Optional keys of a definition, decoded in this order when present. */
const OPTIONAL_DEFINITION_KEYS = ['enabled', 'warn_evttypes', 'skip-if-unknown-filter', 'tags', 'capture', 'capture_duration', 'exceptions'] as const;
const NO_KEYS: readonly RuleKey[] = [];

/** Priority names in Falco's display form, index = level. */
export const PRIORITY_NAMES = ['Emergency', 'Alert', 'Critical', 'Error', 'Warning', 'Notice', 'Informational', 'Debug'] as const;

/** Falco's case-insensitive priority parsing (`info` is an alias); undefined when invalid. */
export function parsePriority(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'info') {
    return 6;
  }
  const level = PRIORITY_NAMES.findIndex((name) => name.toLowerCase() === lower);
  return level === -1 ? undefined : level;
}

/** Reads a `- rule:` item. */
export function readRuleItem(map: YAMLMap, span: Span, ctx: DocContext, warnings: RawProblem[]): RuleItem {
  const nameScalar = requireScalar(map, 'rule', ctx, { itemType: 'rule', itemName: '', span });
  const name = nameScalar.value;
  const item: ItemContext = { itemType: 'rule', itemName: name, span };
  const { append, overrides } = readAppendAndOverrides(map, ctx, item, APPENDABLE_RULE_KEYS, REPLACEABLE_RULE_KEYS, warnings);
  const values: RuleValues = {};
  decodeSource(map, ctx, item, values, append || overrides.entries.length > 0);

  if (overrides.entries.length > 0) {
    // Every overridable key present must have an override entry, and every entry its key.
    const present = new Set([...REPLACEABLE_RULE_KEYS].filter((key) => findPair(map, key) !== undefined));
    const appendKeys = overrides.entries.filter((entry) => entry.op === 'append');
    const replaceKeys = overrides.entries.filter((entry) => entry.op === 'replace');
    for (const [entries, word] of [[appendKeys, 'append'], [replaceKeys, 'replace']] as const) {
      for (const entry of [...entries].sort((a, b) => (a.key < b.key ? -1 : 1))) {
        if (!present.has(entry.key)) {
          const article = word === 'append' ? 'An append' : 'An replace';
          fail('LOAD_ERR_YAML_VALIDATE', `${article} override for '${entry.key}' was specified but '${entry.key}' is not defined`, 'overrides', entry.key, entry.span);
        }
        present.delete(entry.key);
      }
    }
    for (const key of [...present].sort()) {
      const keyPair = findPair(map, key);
      fail(
        'LOAD_ERR_YAML_VALIDATE',
        `Unexpected key '${key}': no corresponding entry under 'override' is defined.`,
        'overrides',
        key,
        nodeSpan(keyPair?.key as never, ctx, span),
      );
    }
    const appendSet = new Set(appendKeys.map((entry) => entry.key));
    for (const entry of overrides.entries) {
      decodeRuleKey(map, entry.key as RuleKey, ctx, item, values, appendSet.has('exceptions'), warnings);
    }
    return ruleItem(name, span, nameScalar.span, 'override', values, appendKeys.map((e) => e.key as RuleKey), replaceKeys.map((e) => e.key as RuleKey));
  }

  if (append) {
    // Legacy append: only condition and exceptions are appended; `enabled` is ignored.
    const appendKeys: RuleKey[] = [];
    for (const key of ['condition', 'exceptions'] as const) {
      if (findPair(map, key) !== undefined) {
        decodeRuleKey(map, key, ctx, item, values, true, warnings);
        appendKeys.push(key);
      }
    }
    return ruleItem(name, span, nameScalar.span, 'append', values, appendKeys, NO_KEYS);
  }

  if (!hasAnyKey(map, DEFINITION_KEYS)) {
    values.enabled = decodeBool(map, 'enabled', ctx, item, false);
    warnings.push(rawProblem('LOAD_DEPRECATED_ITEM', WARNING_ENABLED, 'rule', name, span));
    return ruleItem(name, span, nameScalar.span, 'enable', values, NO_KEYS, NO_KEYS);
  }

  for (const key of DEFINITION_KEYS) {
    decodeRuleKey(map, key, ctx, item, values, false, warnings);
  }
  for (const key of OPTIONAL_DEFINITION_KEYS) {
    if (findPair(map, key) !== undefined) {
      decodeRuleKey(map, key, ctx, item, values, false, warnings);
    }
  }
  return ruleItem(name, span, nameScalar.span, 'define', values, NO_KEYS, NO_KEYS);
}

function hasAnyKey(map: YAMLMap, keys: readonly string[]): boolean {
  for (const key of keys) {
    if (findPair(map, key) !== undefined) {
      return true;
    }
  }
  return false;
}

/**
 * The item record, built in one literal (always the same shape). Items without keys to
 * append or replace share one empty list: no reader of items changes them.
 */
function ruleItem(name: string, span: Span, nameSpan: Span, mode: RuleItem['mode'], values: RuleValues, appendKeys: readonly RuleKey[], replaceKeys: readonly RuleKey[]): RuleItem {
  return { kind: 'rule', name, span, nameSpan, mode, values, appendKeys: appendKeys as RuleKey[], replaceKeys: replaceKeys as RuleKey[] };
}

function decodeSource(map: YAMLMap, ctx: DocContext, item: ItemContext, values: RuleValues, isUpdate: boolean): void {
  const node = getValue(map, 'source', ctx);
  if (node === undefined) {
    return;
  }
  if (isUpdate && (node === null || isNullNode(node) || (isScalar(node) && String(node.value) === ''))) {
    // An empty `source:` on an append or override is tolerated.
    return;
  }
  const scalar = decodeScalar(map, 'source', ctx, item, true);
  if (scalar !== undefined) {
    values.source = scalar;
  }
}

function decodeRuleKey(
  map: YAMLMap,
  key: RuleKey,
  ctx: DocContext,
  item: ItemContext,
  values: RuleValues,
  appendExceptions: boolean,
  warnings: RawProblem[],
): void {
  switch (key) {
    case 'condition':
    case 'desc':
      values[key] = requireScalar(map, key, ctx, item);
      return;
    case 'output': {
      values.output = requireScalar(map, key, ctx, item);
      return;
    }
    case 'priority': {
      const scalar = requireScalar(map, key, ctx, item);
      const level = parsePriority(scalar.value);
      if (level === undefined) {
        fail('LOAD_ERR_YAML_VALIDATE', 'Invalid priority', 'rule priority', item.itemName, scalar.span);
      }
      values.priority = scalar;
      values.priorityLevel = level;
      return;
    }
    case 'source':
      return;
    case 'enabled':
      values.enabled = decodeBool(map, key, ctx, item, false);
      return;
    case 'warn_evttypes':
      values.warnEvttypes = decodeBool(map, key, ctx, item, false);
      return;
    case 'skip-if-unknown-filter':
      values.skipIfUnknownFilter = decodeBool(map, key, ctx, item, false);
      return;
    case 'capture':
      values.capture = decodeBool(map, key, ctx, item, false);
      return;
    case 'capture_duration':
      values.captureDuration = decodeUint(map, key, ctx, item, false);
      return;
    case 'tags':
      values.tags = decodeScalarSeq(map, key, ctx, item, false);
      return;
    case 'exceptions':
      values.exceptions = readExceptions(map, ctx, item, appendExceptions, warnings) ?? [];
      return;
  }
}
