/**
 * The items a rules file holds, as the reader produces them: names, values and where each
 * one is written. Values are kept as source text (`Scalar`), never converted through YAML
 * types. These records carry no cross-file meaning; the collector gives them that.
 */
import { type ScalarStyle } from './scalars';

/**
 * A span `[start, end)`. `file` is an anchor id (see anchors.ts): the offsets are relative
 * to that anchor's text, which sits somewhere in a file; `resolveOffset` gives the file.
 */
export interface Span {
  file: number;
  start: number;
  end: number;
}

/** A scalar value exactly as written: its decoded text, its style and its span. */
export interface Scalar {
  value: string;
  style: ScalarStyle;
  span: Span;
}

export type OverrideOp = 'append' | 'replace';

/** One exception entry: a scalar or a (possibly nested) list of entries. */
export interface ExceptionEntry {
  isList: boolean;
  /** Set when `isList` is false. */
  item?: Scalar;
  /** Set when `isList` is true. */
  items: ExceptionEntry[];
  span: Span;
}

/** One `exceptions:` element of a rule. */
export interface ExceptionInfo {
  name: string;
  span: Span;
  nameSpan: Span;
  fields?: ExceptionEntry;
  comps?: ExceptionEntry;
  values: ExceptionEntry[];
  hasValues: boolean;
}

export interface EngineVersionItem {
  kind: 'required_engine_version';
  span: Span;
  /** The version as written (integer N means 0.N.0). */
  version: string;
  major: number;
  minor: number;
  patch: number;
}

export interface PluginRequirement {
  name: string;
  version: string;
}

export interface PluginVersionsItem {
  kind: 'required_plugin_versions';
  span: Span;
  /** One entry per requirement: the named plugin first, then its alternatives. */
  requirements: { span: Span; alternatives: PluginRequirement[] }[];
}

export interface ListItem {
  kind: 'list';
  name: string;
  span: Span;
  nameSpan: Span;
  items: Scalar[];
  /** Legacy `append: true` or `override: {items: append}`. */
  append: boolean;
}

export interface MacroItem {
  kind: 'macro';
  name: string;
  span: Span;
  nameSpan: Span;
  condition: Scalar;
  append: boolean;
}

/** The rule keys the loader knows, other than `rule`, `append` and `override`. */
export type RuleKey =
  | 'condition'
  | 'output'
  | 'desc'
  | 'priority'
  | 'source'
  | 'enabled'
  | 'tags'
  | 'exceptions'
  | 'warn_evttypes'
  | 'skip-if-unknown-filter'
  | 'capture'
  | 'capture_duration';

/** Decoded rule values; only the keys present in the item are set. */
export interface RuleValues {
  condition?: Scalar;
  output?: Scalar;
  desc?: Scalar;
  priority?: Scalar;
  /** Priority level 0 (Emergency) … 7 (Debug), when `priority` is set. */
  priorityLevel?: number;
  source?: Scalar;
  enabled?: boolean;
  tags?: Scalar[];
  exceptions?: ExceptionInfo[];
  warnEvttypes?: boolean;
  skipIfUnknownFilter?: boolean;
  capture?: boolean;
  captureDuration?: number;
}

/**
 * A rule item. `mode` says what the collector does with it: define a new rule, append
 * (legacy `append: true` or override entries with `append`), selectively replace, both
 * (an override with append and replace entries), or only toggle `enabled`.
 */
export interface RuleItem {
  kind: 'rule';
  name: string;
  span: Span;
  nameSpan: Span;
  mode: 'define' | 'append' | 'override' | 'enable';
  values: RuleValues;
  /** Keys to append and keys to replace (for `override`; legacy append lists its keys under `append`). */
  appendKeys: RuleKey[];
  replaceKeys: RuleKey[];
}

/** Anything the reader hands to the collector, in file order. */
export type Item = EngineVersionItem | PluginVersionsItem | ListItem | MacroItem | RuleItem;
