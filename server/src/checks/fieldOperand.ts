/**
 * LOAD_ERR_COMPILE_CONDITION for operands: a field unknown to the rule's source
 * ("filter_check called with nonexistent field X"), a bad field argument, or a transformer
 * applied to a type it does not support. Triggered by every field and transformer in a
 * check's left-hand side and in `val()`/transformer right-hand sides.
 */
import { type Operand } from '../condition';
import { checkFieldArgument, checkTransformer } from '../fields/operators';
import { type CheckEnv, type Finding } from './finding';

/**
 * The type an operand yields (for a field, its catalog entry itself: no copy per check), or
 * the finding that stops its compilation. Do not modify.
 */
export type OperandType = { readonly type: string; readonly isList: boolean } | { finding: Finding };

/** Checks one operand and computes its type. */
export function checkOperand(operand: Operand, env: CheckEnv): OperandType {
  if (operand.kind === 'field') {
    const info = env.catalog.lookup(operand.name, env.source);
    if (info === undefined) {
      return { finding: { code: 'LOAD_ERR_COMPILE_CONDITION', message: `filter_check called with nonexistent field ${operand.name}`, range: operand.nameRange } };
    }
    const argProblem = checkFieldArgument(info, operand.arg);
    if (argProblem !== undefined) {
      return { finding: { code: 'LOAD_ERR_COMPILE_CONDITION', message: argProblem, range: operand.argRange ?? operand.range } };
    }
    return info;
  }
  let inputType: { type: string; isList: boolean } | undefined;
  for (const arg of operand.args) {
    if (arg.kind === 'field' || arg.kind === 'transformer') {
      const argType = checkOperand(arg, env);
      if ('finding' in argType) {
        return argType;
      }
      inputType ??= argType;
    }
  }
  const transformed = checkTransformer(operand.name, inputType?.type ?? 'charbuf', inputType?.isList ?? false);
  if (transformed.error !== undefined) {
    return { finding: { code: 'LOAD_ERR_COMPILE_CONDITION', message: transformed.error, range: operand.range } };
  }
  return { type: transformed.outputType, isList: transformed.isList };
}

/** True when a finding is one `skip-if-unknown-filter` turns into LOAD_UNKNOWN_FILTER. */
export function isUnknownFilterMessage(message: string): boolean {
  return (
    message.includes('nonexistent field') ||
    message.includes('invalid formatting token') ||
    message.includes('unknown event type') ||
    message.includes('unknown filter:')
  );
}
