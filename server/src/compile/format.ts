/**
 * The compiled rule set: the versioned JSON document the server (or CLI) hands to the
 * native engine. This file is the contract, types only; `compile/` builds it by explicit
 * conversion from the loader's internal types, and `native/src/filter` reads it. The engine
 * never parses condition text: conditions arrive here as trees, with macros and lists
 * expanded and exceptions merged, and every node keeps the source position it came from.
 *
 * Change rules: add optional fields freely; anything else bumps COMPILED_RULESET_VERSION
 * and the engine rejects versions it does not know.
 */

/** The version written in `CompiledRuleSet.version`. */
export const COMPILED_RULESET_VERSION = 1;

/** The whole document. Deterministic: the same rules files give byte-identical JSON. */
export interface CompiledRuleSet {
  version: typeof COMPILED_RULESET_VERSION;
  /** Files in load order; `Position.file` indexes this array. */
  files: string[];
  /**
   * Every rule that compiled without error and whose source is known, in Falco's
   * evaluation order (rule index order after loading). Disabled rules are included with
   * `enabled: false`, because tag selection can enable them; the engine applies selection.
   * `CompiledRule.id` equals the rule's index in this array.
   */
  rules: CompiledRule[];
}

/** A source position. Line and column are 0-based, like Falco's YAML marks. */
export interface Position {
  file: number;
  line: number;
  column: number;
}

/** Priority names in Falco's display form, most severe first. */
export type PriorityName =
  | 'Emergency'
  | 'Alert'
  | 'Critical'
  | 'Error'
  | 'Warning'
  | 'Notice'
  | 'Informational'
  | 'Debug';

/** One rule, ready to evaluate. */
export interface CompiledRule {
  /** Dense index, equal to the rule's position in `CompiledRuleSet.rules`. */
  id: number;
  name: string;
  /** Display form, e.g. "Warning". */
  priority: PriorityName;
  /** 0 = Emergency … 7 = Debug, so "at least as severe as P" is `priorityLevel <= level(P)`. */
  priorityLevel: number;
  source: string;
  /** Sorted and deduplicated, as Falco stores them. */
  tags: string[];
  enabled: boolean;
  /**
   * Event codes (ids in data/event-schema.json, enter and exit, every version) the rule is
   * indexed under, sorted ascending; "all" when the condition does not restrict evt.type.
   * Only meaningful for the syscall source; other sources use "all".
   */
  evtCodes: number[] | 'all';
  condition: ConditionNode;
  /** The output format, parsed; Falco's `*` (print `<NA>` for missing values) is implied. */
  output: OutputPart[];
  /** Where the rule's name is written (the `rule:` value). */
  position: Position;
}

/** A node of the condition tree. */
export type ConditionNode = AndNode | OrNode | NotNode | CheckNode;

export interface AndNode {
  kind: 'and';
  children: ConditionNode[];
  position: Position;
}

export interface OrNode {
  kind: 'or';
  children: ConditionNode[];
  position: Position;
}

export interface NotNode {
  kind: 'not';
  child: ConditionNode;
  position: Position;
}

/** A comparison `lhs op rhs`, or `lhs exists` (no rhs). */
export interface CheckNode {
  kind: 'check';
  lhs: FieldExpr;
  /**
   * One of: exists = == != < <= > >= contains icontains bcontains startswith bstartswith
   * endswith glob iglob regex in intersects pmatch, optionally followed by a space and a
   * modifier (oneof, anyof, allof) for string operators, e.g. "startswith anyof".
   * `==` is written as `=`.
   */
  op: string;
  rhs?: Value;
  position: Position;
}

/** A field with its optional argument, or a transformer applied to arguments. */
export type FieldExpr = FieldRef | TransformerExpr;

export interface FieldRef {
  kind: 'field';
  /** Canonical field name, e.g. "proc.aname", "evt.arg.fd". */
  name: string;
  /** The text between the brackets, unquoted: "2" for proc.aname[2], "/a/b" for json.value[/a/b]. */
  arg?: string;
}

export interface TransformerExpr {
  kind: 'transformer';
  /** tolower, toupper, b64, basename, len, join, concat, getopt. */
  name: string;
  args: (FieldExpr | StringValue)[];
}

/** Right-hand sides. Values stay strings; the engine converts them to the field's type. */
export type Value = StringValue | ListValue | FieldValue;

export interface StringValue {
  kind: 'string';
  value: string;
}

export interface ListValue {
  kind: 'list';
  values: string[];
}

/** `val(field)` or a transformer on the right-hand side: compare with another field's value. */
export interface FieldValue {
  kind: 'field';
  expr: FieldExpr;
}

/** A piece of an output format. */
export type OutputPart = OutputText | OutputField;

export interface OutputText {
  kind: 'text';
  text: string;
}

export interface OutputField {
  kind: 'field';
  expr: FieldExpr;
  /** `%10proc.name`: pad or truncate the value to this many characters. */
  width?: number;
}
