/**
 * LOAD_UNSAFE_NA_CHECK (warning, empty message, as Falco): an equality-style comparison of
 * a `ka.*` or `jevt.*` field with the literal `<NA>`, which never means "missing".
 * Triggered by = == != in intersects pmatch with such a field and such a value.
 */
import { type CheckExpr } from '../condition';
import { type Finding } from './finding';

const EQUALITY_OPS = new Set(['=', '!=', 'in', 'intersects', 'pmatch']);

/** The warning for an unsafe `<NA>` comparison, if any. */
export function checkUnsafeNa(check: CheckExpr): Finding | undefined {
  const lhs = check.lhs;
  if (lhs.kind !== 'field' || !(lhs.name.startsWith('ka.') || lhs.name.startsWith('jevt.')) || !EQUALITY_OPS.has(check.op)) {
    return undefined;
  }
  const rhs = check.rhs;
  const values = rhs === undefined ? [] : rhs.kind === 'string' ? [rhs] : rhs.kind === 'list' ? rhs.items : [];
  const na = values.find((value) => value.value === '<NA>');
  return na === undefined ? undefined : { code: 'LOAD_UNSAFE_NA_CHECK', message: '', range: na.range };
}
