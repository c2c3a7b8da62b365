/**
 * Falco's value decoders (`decode_val`, `decode_optional_val`, `decode_seq`): required and
 * optional scalars, booleans and integers with yaml-cpp's conversions, sequences of scalars.
 * Each failure throws a `LoadError` with Falco's message and the context Falco uses: the
 * item for a missing or empty key, the value (`value for <key>`) for a bad value.
 */
import { type YAMLMap } from 'yaml';
import { type Scalar, type Span } from './items';
import { type ItemType } from './loadCodes';
import { fail } from './problems';
import { getValue, isNullNode, isScalar, isSeq, nodeSpan, toScalar, type DocContext, deref } from './yamlNodes';

/** The item a value belongs to, for error contexts. */
export interface ItemContext {
  itemType: ItemType;
  itemName: string;
  span: Span;
}

/** yaml-cpp's accepted spellings of booleans. */
const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const FALSE_WORDS = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);

/** A required (or optional) non-empty scalar value of `key`. */
export function decodeScalar(map: YAMLMap, key: string, ctx: DocContext, item: ItemContext, optional: boolean): Scalar | undefined {
  const node = getValue(map, key, ctx);
  if (node === undefined) {
    if (optional) {
      return undefined;
    }
    fail('LOAD_ERR_YAML_VALIDATE', `Item has no mapping for key '${key}'`, item.itemType, item.itemName, item.span);
  }
  if (isNullNode(node) || node === null) {
    fail('LOAD_ERR_YAML_VALIDATE', `Mapping for key '${key}' is empty`, item.itemType, item.itemName, item.span);
  }
  if (!isScalar(node)) {
    fail('LOAD_ERR_YAML_VALIDATE', 'Value is not a scalar value', 'value for', key, nodeSpan(node, ctx, item.span));
  }
  const scalar = toScalar(node, ctx);
  if (scalar.value === '') {
    fail('LOAD_ERR_YAML_VALIDATE', 'Value must be non-empty', 'value for', key, nodeSpan(node, ctx, item.span));
  }
  return scalar;
}

/** A boolean value of `key` (undefined when absent and optional). */
export function decodeBool(map: YAMLMap, key: string, ctx: DocContext, item: ItemContext, optional: boolean): boolean | undefined {
  const scalar = decodeScalar(map, key, ctx, item, optional);
  if (scalar === undefined) {
    return undefined;
  }
  const parsed = parseBool(scalar.value);
  if (parsed === undefined) {
    fail('LOAD_ERR_YAML_VALIDATE', "Can't decode YAML scalar value", 'value for', key, scalar.span);
  }
  return parsed;
}

/** An unsigned integer value of `key` (undefined when absent and optional). */
export function decodeUint(map: YAMLMap, key: string, ctx: DocContext, item: ItemContext, optional: boolean): number | undefined {
  const scalar = decodeScalar(map, key, ctx, item, optional);
  if (scalar === undefined) {
    return undefined;
  }
  const parsed = parseUint(scalar.value);
  if (parsed === undefined) {
    fail('LOAD_ERR_YAML_VALIDATE', "Can't decode YAML scalar value", 'value for', key, scalar.span);
  }
  return parsed;
}

/** yaml-cpp's boolean conversion. */
export function parseBool(text: string): boolean | undefined {
  if (TRUE_WORDS.has(text)) {
    return true;
  }
  if (FALSE_WORDS.has(text)) {
    return false;
  }
  return undefined;
}

/** yaml-cpp's unsigned integer conversion (decimal, 0x hex, 0o octal). */
export function parseUint(text: string): number | undefined {
  if (/^\+?[0-9]+$/.test(text)) {
    return Number(text);
  }
  if (/^0x[0-9a-fA-F]+$/.test(text)) {
    return parseInt(text.slice(2), 16);
  }
  if (/^0o[0-7]+$/.test(text)) {
    return parseInt(text.slice(2), 8);
  }
  return undefined;
}

/** A sequence of scalars under `key` (Falco's `decode_seq`); undefined when absent and optional. */
export function decodeScalarSeq(map: YAMLMap, key: string, ctx: DocContext, item: ItemContext, optional: boolean): Scalar[] | undefined {
  const node = getValue(map, key, ctx);
  if (node === undefined) {
    if (optional) {
      return undefined;
    }
    fail('LOAD_ERR_YAML_VALIDATE', `Item has no mapping for key '${key}'`, item.itemType, item.itemName, item.span);
  }
  if (!isSeq(node)) {
    fail('LOAD_ERR_YAML_VALIDATE', 'Value is not a sequence', 'value for', key, nodeSpan(node, ctx, item.span));
  }
  // Spans are made only for a problem: most values have none.
  const elements = node.items;
  const scalars: Scalar[] = new Array<Scalar>(elements.length);
  for (let idx = 0; idx < elements.length; idx++) {
    const elementNode = deref(elements[idx], ctx);
    if (elementNode === null || isNullNode(elementNode) || !isScalar(elementNode)) {
      fail('LOAD_ERR_YAML_VALIDATE', 'sequence value is not scalar', 'list item', '', nodeSpan(elementNode, ctx, nodeSpan(node, ctx, item.span)));
    }
    scalars[idx] = toScalar(elementNode, ctx);
  }
  return scalars;
}

/** A required non-empty scalar value of `key`. */
export function requireScalar(map: YAMLMap, key: string, ctx: DocContext, item: ItemContext): Scalar {
  const scalar = decodeScalar(map, key, ctx, item, false);
  if (scalar === undefined) {
    // Unreachable: decodeScalar throws for a missing required key.
    return fail('LOAD_ERR_YAML_VALIDATE', `Item has no mapping for key '${key}'`, item.itemType, item.itemName, item.span);
  }
  return scalar;
}
