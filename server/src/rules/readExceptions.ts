/**
 * Reading a rule's `exceptions:` sequence (Falco's `read_rule_exceptions`): names, `fields`,
 * `comps` and `values` as nested scalar/list entries, with Falco's decoding messages and the
 * 0.38 warnings (duplicate names, appended exceptions without values). Validation against
 * fields and operators happens later, in expand/exceptions.ts.
 */
import { type YAMLMap } from 'yaml';
import { decodeScalar, type ItemContext } from './decode';
import { type ExceptionEntry, type ExceptionInfo, type Span } from './items';
import { fail, rawProblem, type RawProblem } from './problems';
import { deref, getValue, isMap, isNullNode, isScalar, isSeq, nodeSpan, toScalar, type DocContext, type YNode } from './yamlNodes';

/** Reads `exceptions` (undefined when absent or null). `append` relaxes `fields`. */
export function readExceptions(
  map: YAMLMap,
  ctx: DocContext,
  rule: ItemContext,
  append: boolean,
  warnings: RawProblem[],
): ExceptionInfo[] | undefined {
  const node = getValue(map, 'exceptions', ctx);
  if (node === undefined || node === null || isNullNode(node)) {
    return undefined;
  }
  const exceptionsSpan = nodeSpan(node, ctx, rule.span);
  if (!isSeq(node)) {
    fail('LOAD_ERR_YAML_VALIDATE', 'Rule exceptions must be a sequence', 'exceptions', '', exceptionsSpan);
  }
  const names = new Set<string>();
  const exceptions: ExceptionInfo[] = [];
  for (const element of node.items) {
    const exceptionNode = deref(element, ctx);
    const span = nodeSpan(exceptionNode, ctx, exceptionsSpan);
    if (!isMap(exceptionNode)) {
      fail('LOAD_ERR_YAML_VALIDATE', 'Rule exception must be a mapping', 'exception', '', span);
    }
    const nameScalar = decodeScalar(exceptionNode, 'name', ctx, { itemType: 'exception', itemName: '', span }, false);
    const name = nameScalar?.value ?? '';
    if (names.has(name)) {
      warnings.push(
        rawProblem('LOAD_EXCEPTION_NAME_NOT_UNIQUE', `Multiple definitions of exception '${name}' in the same rule`, 'exception', name, nameScalar?.span ?? span),
      );
    }
    names.add(name);
    const exceptionCtx: ItemContext = { itemType: 'exception', itemName: name, span };
    const fields = readEntryKey(exceptionNode, 'fields', ctx, exceptionCtx, append);
    const comps = readEntryKey(exceptionNode, 'comps', ctx, exceptionCtx, true);
    const values: ExceptionEntry[] = [];
    const valuesNode = getValue(exceptionNode, 'values', ctx);
    if (valuesNode !== undefined) {
      const valuesSpan = nodeSpan(valuesNode, ctx, span);
      if (!isSeq(valuesNode)) {
        fail('LOAD_ERR_YAML_VALIDATE', 'Rule exception values must be a sequence', 'exception values', '', valuesSpan);
      }
      for (const valueElement of valuesNode.items) {
        const valueNode = deref(valueElement, ctx);
        values.push(readEntry(valueNode, ctx, nodeSpan(valueNode, ctx, valuesSpan)));
      }
    } else if (append) {
      warnings.push(rawProblem('LOAD_APPEND_NO_VALUES', 'Overriding/appending exception with no values', 'exception', name, span));
    }
    exceptions.push({ name, span, nameSpan: nameScalar?.span ?? span, fields, comps, values, hasValues: valuesNode !== undefined });
  }
  return exceptions;
}

/** `fields` or `comps`: a non-empty scalar or a sequence (Falco's `decode_exception_info_entry`). */
function readEntryKey(map: YAMLMap, key: string, ctx: DocContext, exception: ItemContext, optional: boolean): ExceptionEntry | undefined {
  const node = getValue(map, key, ctx);
  if (node === undefined) {
    if (optional) {
      return undefined;
    }
    fail('LOAD_ERR_YAML_VALIDATE', `Item has no mapping for key '${key}'`, exception.itemType, exception.itemName, exception.span);
  }
  if (node === null || isNullNode(node)) {
    fail('LOAD_ERR_YAML_VALIDATE', `Mapping for key '${key}' is empty`, exception.itemType, exception.itemName, exception.span);
  }
  const span = nodeSpan(node, ctx, exception.span);
  if (isScalar(node) && toScalar(node, ctx).value === '') {
    fail('LOAD_ERR_YAML_VALIDATE', 'Value must be non-empty', 'value for', key, span);
  }
  return readEntry(node, ctx, span);
}

/** A scalar, or a sequence of entries (recursively), as Falco's exception entries. */
function readEntry(node: YNode, ctx: DocContext, span: Span): ExceptionEntry {
  if (node !== null && isSeq(node)) {
    const items = node.items.map((element) => {
      const child = deref(element, ctx);
      return readEntry(child, ctx, nodeSpan(child, ctx, span));
    });
    return { isList: true, items, span };
  }
  if (node !== null && isScalar(node)) {
    return { isList: false, item: toScalar(node, ctx), items: [], span };
  }
  // yaml-cpp leaves maps and nulls as empty entries; they compile to empty strings.
  return { isList: false, item: { value: '', style: 'PLAIN', span }, items: [], span };
}
