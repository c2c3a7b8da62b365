/**
 * Builds the compiled rule set (`format.ts`, the engine's input) from a compilation, by
 * explicit conversion: every compiled rule of a known source in index order, its expanded
 * tree with a source position on every node, its parsed output and its event codes.
 * Deterministic: the same files give byte-identical JSON.
 */
import { type Operand, type RhsValue } from '../condition';
import { type XExpr } from '../expand/tree';
import { resolveOffset } from '../rules/anchors';
import { type LineIndex } from '../rules/lineIndex';
import { PRIORITY_NAMES } from '../rules/readRule';
import { type SourcedText } from '../rules/sourcedText';
import { type CompileResult, type RuleCompileResult } from './compiler';
import {
  COMPILED_RULESET_VERSION,
  type CompiledRule,
  type CompiledRuleSet,
  type ConditionNode,
  type FieldExpr,
  type OutputPart,
  type Position,
  type Value,
} from './format';

/** Converts a compilation over `files` (names in load order) into the engine's document. */
export function buildRuleSet(compiled: CompileResult, files: readonly string[], lineIndexes: readonly LineIndex[]): CompiledRuleSet {
  const rules: CompiledRule[] = [];
  for (const result of compiled.rules) {
    if (result.status !== 'ok' || result.tree === undefined || result.output === undefined) {
      continue;
    }
    rules.push(convertRule(result, rules.length, lineIndexes));
  }
  return { version: COMPILED_RULESET_VERSION, files: files.slice(), rules };
}

function convertRule(result: RuleCompileResult, id: number, lineIndexes: readonly LineIndex[]): CompiledRule {
  const rule = result.rule;
  const nameSpan = rule.nameSpans[0];
  const eventSet = result.eventSet;
  return {
    id,
    name: rule.name,
    priority: PRIORITY_NAMES[rule.priorityLevel],
    priorityLevel: rule.priorityLevel,
    source: rule.source,
    tags: [...rule.tags].sort(),
    enabled: rule.enabled,
    evtCodes: eventSet === undefined || eventSet.isAll() ? 'all' : eventSet.codes(),
    condition: convertExpr(result.tree as XExpr, lineIndexes),
    output: convertOutput(result.output as NonNullable<RuleCompileResult['output']>),
    position: position(nameSpan.file, nameSpan.start, lineIndexes),
  };
}

/** The position of `offset` relative to anchor `anchor`. */
function position(anchor: number, offset: number, lineIndexes: readonly LineIndex[]): Position {
  const at = resolveOffset(anchor, offset);
  const resolved = lineIndexes[at.file]?.position(at.offset) ?? { line: 0, column: 0 };
  return { file: at.file, line: resolved.line, column: resolved.column };
}

function positionIn(text: SourcedText, start: number, lineIndexes: readonly LineIndex[]): Position {
  const at = text.at(start);
  return position(at.file, at.offset, lineIndexes);
}

function convertExpr(node: XExpr, lineIndexes: readonly LineIndex[]): ConditionNode {
  const where = positionIn(node.origin.text, node.range.start, lineIndexes);
  switch (node.kind) {
    case 'and':
    case 'or':
      return { kind: node.kind, children: node.children.map((child) => convertExpr(child, lineIndexes)), position: where };
    case 'not':
      return { kind: 'not', child: convertExpr(node.child, lineIndexes), position: where };
    case 'check': {
      const check = node.check;
      const converted: ConditionNode = { kind: 'check', lhs: convertOperand(check.lhs), op: check.op, position: where };
      if (check.rhs !== undefined) {
        converted.rhs = convertValue(check.rhs);
      }
      return converted;
    }
    default:
      // Unreachable for compiled rules: identifiers and broken macros fail compilation.
      return { kind: 'and', children: [], position: where };
  }
}

function convertOperand(operand: Operand): FieldExpr {
  if (operand.kind === 'field') {
    return operand.arg === undefined ? { kind: 'field', name: operand.name } : { kind: 'field', name: operand.name, arg: operand.arg };
  }
  return {
    kind: 'transformer',
    name: operand.name,
    args: operand.args.map((arg) => {
      if (arg.kind === 'string') {
        return { kind: 'string' as const, value: arg.value };
      }
      if (arg.kind === 'list') {
        // A list argument travels as its items joined with ", " (the format has no list argument).
        return { kind: 'string' as const, value: arg.items.map((item) => item.value).join(', ') };
      }
      return convertOperand(arg);
    }),
  };
}

function convertValue(value: RhsValue): Value {
  switch (value.kind) {
    case 'string':
      return { kind: 'string', value: value.value };
    case 'list':
      return { kind: 'list', values: value.items.map((item) => item.value) };
    case 'listName':
      return { kind: 'list', values: [value.name] };
    case 'fieldValue':
      return { kind: 'field', expr: convertOperand(value.expr) };
  }
}

function convertOutput(output: NonNullable<RuleCompileResult['output']>): OutputPart[] {
  return output.check.parsed.tokens.map((token): OutputPart => {
    if (token.kind === 'text') {
      return { kind: 'text', text: token.text };
    }
    return token.width === undefined ? { kind: 'field', expr: convertOperand(token.expr) } : { kind: 'field', expr: convertOperand(token.expr), width: token.width };
  });
}
