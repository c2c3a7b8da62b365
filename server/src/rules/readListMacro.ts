/**
 * Reading `list` and `macro` items (Falco's `read_item` for those kinds): names and their
 * 0.38 validity warnings, `items`, `condition`, legacy `append` and `override`.
 */
import { type YAMLMap } from 'yaml';
import { decodeScalar, decodeScalarSeq, requireScalar, type ItemContext } from './decode';
import { type ListItem, type MacroItem, type Span } from './items';
import { rawProblem, type RawProblem } from './problems';
import { readAppendAndOverrides } from './overrides';
import { type DocContext } from './yamlNodes';

/** Falco's bare-string regex for list names. */
export const LIST_NAME_REGEX = /^[^()"'\s=,]+$/;
/** Falco's identifier regex for macro names. */
export const MACRO_NAME_REGEX = /^[a-zA-Z]+[a-zA-Z0-9_]*$/;

const ITEMS = new Set(['items']);
const CONDITION = new Set(['condition']);

/** Reads a `- list:` item. */
export function readListItem(map: YAMLMap, span: Span, ctx: DocContext, warnings: RawProblem[]): ListItem {
  const anonymous: ItemContext = { itemType: 'list', itemName: '', span };
  const nameScalar = decodeScalar(map, 'list', ctx, anonymous, false);
  const name = nameScalar?.value ?? '';
  const item: ItemContext = { itemType: 'list', itemName: name, span };
  if (!LIST_NAME_REGEX.test(name)) {
    warnings.push(
      rawProblem(
        'LOAD_INVALID_LIST_NAME',
        `List has an invalid name. List names should match a regular expression: [^()"'[:space:]=,]+`,
        'list',
        name,
        nameScalar?.span ?? span,
      ),
    );
  }
  const items = decodeScalarSeq(map, 'items', ctx, item, false) ?? [];
  const { append, overrides } = readAppendAndOverrides(map, ctx, item, ITEMS, ITEMS, warnings);
  const appendOverride = overrides.entries.length > 0 && overrides.entries.some((entry) => entry.key === 'items' && entry.op === 'append');
  return {
    kind: 'list',
    name,
    span,
    nameSpan: nameScalar?.span ?? span,
    items,
    append: append || appendOverride,
  };
}

/** Reads a `- macro:` item. */
export function readMacroItem(map: YAMLMap, span: Span, ctx: DocContext, warnings: RawProblem[]): MacroItem {
  const anonymous: ItemContext = { itemType: 'macro', itemName: '', span };
  const nameScalar = decodeScalar(map, 'macro', ctx, anonymous, false);
  const name = nameScalar?.value ?? '';
  const item: ItemContext = { itemType: 'macro', itemName: name, span };
  if (!MACRO_NAME_REGEX.test(name)) {
    warnings.push(
      rawProblem(
        'LOAD_INVALID_MACRO_NAME',
        'Macro has an invalid name. Macro names should match a regular expression: [a-zA-Z]+[a-zA-Z0-9_]*',
        'macro',
        name,
        nameScalar?.span ?? span,
      ),
    );
  }
  const condition = requireScalar(map, 'condition', ctx, item);
  const { append, overrides } = readAppendAndOverrides(map, ctx, item, CONDITION, CONDITION, warnings);
  const appendOverride = overrides.entries.length > 0 && overrides.entries.some((entry) => entry.key === 'condition' && entry.op === 'append');
  return {
    kind: 'macro',
    name,
    span,
    nameSpan: nameScalar?.span ?? span,
    condition,
    append: append || appendOverride,
  };
}
