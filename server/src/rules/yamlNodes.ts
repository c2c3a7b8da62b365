/**
 * Small helpers over the `yaml` package's nodes, giving yaml-cpp's view: a key is looked up
 * by its source text (first occurrence wins), every scalar is its source text, aliases are
 * followed, and a missing value differs from a null one. Nothing here reports problems.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import { type Scalar, type Span } from './items';
import { type ScalarStyle } from './scalars';
import { fastKeyText, type FastRanged } from './yamlFactory';

/** A YAML node as we handle it, or null for an empty value. */
export type YNode = Node | null;

/** Context needed to read nodes of one document. */
export interface DocContext {
  doc: Document.Parsed;
  file: number;
}

/** Follows an alias to its anchored node. */
export function deref(node: unknown, ctx: DocContext): YNode {
  if (isAlias(node)) {
    const target = node.resolve(ctx.doc);
    return (target as Node | undefined) ?? null;
  }
  return (node as Node | null | undefined) ?? null;
}

/** True for a null node (`~`, `null`, empty value), as yaml-cpp's IsNull(). */
export function isNullNode(node: YNode): boolean {
  if (node === null) {
    return true;
  }
  if (isScalar(node) && node.type === 'PLAIN' && node.tag === undefined) {
    const value = String(node.value);
    return value === '' || value === '~' || value === 'null' || value === 'Null' || value === 'NULL';
  }
  return false;
}

/** The span of a node (or of `fallback` for an empty value). */
export function nodeSpan(node: YNode, ctx: DocContext, fallback: Span): Span {
  if (node === null) {
    return fallback;
  }
  // Nodes of the fast reader hold their range as numbers (no array to allocate).
  const fastStart = (node as Partial<FastRanged>).fastStart;
  if (fastStart !== undefined) {
    return { file: ctx.file, start: fastStart, end: (node as unknown as FastRanged).fastEnd };
  }
  const range = node.range;
  if (range === undefined || range === null) {
    return fallback;
  }
  return { file: ctx.file, start: range[0], end: range[1] };
}

/** The first pair whose key's text is `key`, as yaml-cpp's `node[key]`. */
export function findPair(map: YAMLMap, key: string): Pair | undefined {
  for (const pair of map.items) {
    if (keyText(pair) === key) {
      return pair;
    }
  }
  return undefined;
}

/** The text of a pair's key ('' for a non-scalar key). */
export function keyText(pair: Pair): string {
  const fastKey = fastKeyText(pair);
  if (fastKey !== undefined) {
    return fastKey;
  }
  const key = pair.key as unknown;
  if (isScalar(key)) {
    return String(key.value);
  }
  return key === null || key === undefined ? '' : '\0complex';
}

/** A map's value for `key`: undefined when the key is absent, null when its value is empty. */
export function getValue(map: YAMLMap, key: string, ctx: DocContext): YNode | undefined {
  const pair = findPair(map, key);
  if (pair === undefined) {
    return undefined;
  }
  return deref(pair.value, ctx);
}

/** Converts a scalar node into our record (its value is always a string). */
export function toScalar(node: Node, ctx: DocContext): Scalar {
  const value = isScalar(node) ? String(node.value ?? '') : '';
  const style = (isScalar(node) && node.type !== undefined ? node.type : 'PLAIN') as ScalarStyle;
  const fastStart = (node as Partial<FastRanged>).fastStart;
  if (fastStart !== undefined) {
    return { value, style, span: { file: ctx.file, start: fastStart, end: (node as unknown as FastRanged).fastEnd } };
  }
  const range = node.range ?? [0, 0, 0];
  return { value, style, span: { file: ctx.file, start: range[0], end: range[1] } };
}

export { isMap, isPair, isScalar, isSeq };
