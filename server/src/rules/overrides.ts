/**
 * Decoding of the `override` key and of the legacy `append` flag shared by lists, macros
 * and rules (Falco's `decode_overrides`), with Falco's messages. It only reads the override
 * map; applying appends and replaces is the collector's job.
 */
import { type YAMLMap } from 'yaml';
import { decodeBool, type ItemContext } from './decode';
import { type OverrideOp, type Span } from './items';
import { fail, rawProblem, type RawProblem } from './problems';
import { deref, getValue, isMap, isScalar, keyText, nodeSpan, type DocContext } from './yamlNodes';

/** Deprecation warning text for the legacy `append` key. */
export const WARNING_APPEND =
  "The 'append' key is deprecated. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";

/** Deprecation warning text for enabled-only rule entries. */
export const WARNING_ENABLED =
  "The standalone 'enabled' key usage is deprecated. The correct approach requires also a 'replace' entry under the 'override' key (i.e. 'enabled: replace').";

const ERROR_OVERRIDE_APPEND =
  "Keys 'override' and 'append: true' cannot be used together. Add an 'append' entry (e.g. 'condition: append') under 'override' instead.";

/** The decoded override map: key → operation, each with the span of its key. */
export interface Overrides {
  readonly entries: readonly { key: string; op: OverrideOp; span: Span }[];
}

/** What an item without `override` has (shared: most items have none). */
const NO_OVERRIDES: Overrides = { entries: [] };

/** Reads `append` (warning when true) and `override`; rejects using both. */
export function readAppendAndOverrides(
  map: YAMLMap,
  ctx: DocContext,
  item: ItemContext,
  appendable: ReadonlySet<string>,
  replaceable: ReadonlySet<string>,
  warnings: RawProblem[],
): { append: boolean; overrides: Overrides } {
  const append = decodeBool(map, 'append', ctx, item, true) ?? false;
  if (append) {
    warnings.push(rawProblem('LOAD_DEPRECATED_ITEM', WARNING_APPEND, item.itemType, item.itemName, item.span));
  }
  const overrides = decodeOverrides(map, ctx, item, appendable, replaceable);
  if (append && overrides.entries.length > 0) {
    fail('LOAD_ERR_YAML_VALIDATE', ERROR_OVERRIDE_APPEND, item.itemType, item.itemName, item.span);
  }
  return { append, overrides };
}

function decodeOverrides(
  map: YAMLMap,
  ctx: DocContext,
  item: ItemContext,
  appendable: ReadonlySet<string>,
  replaceable: ReadonlySet<string>,
): Overrides {
  const node = getValue(map, 'override', ctx);
  if (node === undefined) {
    return NO_OVERRIDES;
  }
  const entries: { key: string; op: OverrideOp; span: Span }[] = [];
  const overrideSpan = nodeSpan(node, ctx, item.span);
  if (!isMap(node)) {
    fail('LOAD_ERR_YAML_VALIDATE', "Value of 'override' must be a map", 'overrides', '', overrideSpan);
  }
  for (const pair of node.items) {
    const key = keyText(pair);
    const keySpan = nodeSpan(pair.key as never, ctx, overrideSpan);
    const valueNode = deref(pair.value, ctx);
    const operation = valueNode !== null && isScalar(valueNode) ? String(valueNode.value) : '';
    if (operation === 'append') {
      if (!appendable.has(key)) {
        fail('LOAD_ERR_YAML_VALIDATE', `Key '${key}' cannot be appended to, use 'replace' instead`, 'overrides', key, keySpan);
      }
    } else if (operation === 'replace') {
      if (!replaceable.has(key)) {
        fail('LOAD_ERR_YAML_VALIDATE', `Key '${key}' cannot be replaced`, 'overrides', key, keySpan);
      }
    } else {
      const allowed = appendable.has(key) ? 'append, replace' : 'replace';
      fail(
        'LOAD_ERR_YAML_VALIDATE',
        `Invalid override operation for key '${key}': '${operation}'. Allowed values are: ${allowed}`,
        'overrides',
        key,
        nodeSpan(valueNode, ctx, keySpan),
      );
    }
    entries.push({ key, op: operation, span: keySpan });
  }
  return { entries };
}
