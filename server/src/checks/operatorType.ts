/**
 * LOAD_ERR_COMPILE_CONDITION: an operator the operand's type does not support, e.g.
 * "'contains' operator not supported for numeric filters". Triggered by every check whose
 * left-hand side compiled, using the field catalog's type rules.
 */
import { type CheckExpr } from '../condition';
import { checkOperatorForType } from '../fields/operators';
import { type Finding } from './finding';

/** The finding for `check.op` on an operand of the given type, if any. */
export function checkOperatorType(check: CheckExpr, operandType: { type: string; isList: boolean }): Finding | undefined {
  const message = checkOperatorForType(operandType.type, operandType.isList, check.op);
  return message === undefined ? undefined : { code: 'LOAD_ERR_COMPILE_CONDITION', message, range: check.opRange };
}
