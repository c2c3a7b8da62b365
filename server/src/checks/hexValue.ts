/**
 * LOAD_ERR_COMPILE_CONDITION: a `bcontains`/`bstartswith` value that is not an even-length
 * hex string (libsinsp compares raw bytes written in hex). Triggered by those operators.
 */
import { type CheckExpr } from '../condition';
import { type Finding } from './finding';

/** Even-length hex (a module constant: a literal would make a RegExp object per value). */
const HEX_BYTES = /^([0-9a-fA-F]{2})+$/;

/** The finding for a non-hex binary operator value, if any. */
export function checkHexValue(check: CheckExpr): Finding | undefined {
  if (!check.op.startsWith('bcontains') && !check.op.startsWith('bstartswith')) {
    return undefined;
  }
  const baseOp = check.op.split(' ')[0];
  if ((baseOp !== 'bcontains' && baseOp !== 'bstartswith') || check.rhs === undefined) {
    return undefined;
  }
  const values = check.rhs.kind === 'string' ? [check.rhs] : check.rhs.kind === 'list' ? check.rhs.items : [];
  for (const value of values) {
    if (!HEX_BYTES.test(value.value)) {
      return { code: 'LOAD_ERR_COMPILE_CONDITION', message: `filter value '${value.value}' is not a valid hex string for '${baseOp}'`, range: value.range };
    }
  }
  return undefined;
}
