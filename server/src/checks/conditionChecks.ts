/**
 * Runs every per-check pass on one condition check, in the order libsinsp compiles it:
 * the left-hand side, the operator against its type, the right-hand side's field value,
 * event names, hex values; then the static warnings (unsafe `<NA>`, deprecated fields) and
 * the compiler warnings. The first error ends the check, as compilation would. Results are
 * cached per node and source, since macro subtrees are shared between rules.
 */
import { type CheckExpr } from '../condition';
import { checkCompilerWarnings } from './compilerWarnings';
import { checkDeprecatedConditionField } from './deprecatedFields';
import { checkEvtTypeValues } from './evtTypeValue';
import { checkOperand } from './fieldOperand';
import { type CheckEnv, type Finding } from './finding';
import { checkHexValue } from './hexValue';
import { checkOperatorType } from './operatorType';
import { checkUnsafeNa } from './unsafeNaCheck';

const cache = new WeakMap<CheckExpr, Map<string, Finding[]>>();

/** Every finding for one check (at most one error, which comes last). */
export function checkConditionCheck(check: CheckExpr, env: CheckEnv): Finding[] {
  let bySource = cache.get(check);
  if (bySource === undefined) {
    bySource = new Map();
    cache.set(check, bySource);
  }
  const cached = bySource.get(env.source);
  if (cached !== undefined) {
    return cached;
  }
  const findings = runChecks(check, env);
  bySource.set(env.source, findings);
  return findings;
}

function runChecks(check: CheckExpr, env: CheckEnv): Finding[] {
  const warnings: Finding[] = [];
  for (const warning of [checkUnsafeNa(check), checkDeprecatedConditionField(check)]) {
    if (warning !== undefined) {
      warnings.push(warning);
    }
  }
  const lhsType = checkOperand(check.lhs, env);
  if ('finding' in lhsType) {
    return [...warnings, lhsType.finding];
  }
  const error =
    checkOperatorType(check, lhsType) ??
    (check.rhs?.kind === 'fieldValue' ? rhsOperandError(check, env) : undefined) ??
    checkEvtTypeValues(check) ??
    checkHexValue(check);
  if (error !== undefined) {
    return [...warnings, error];
  }
  return [...warnings, ...checkCompilerWarnings(check, env)];
}

function rhsOperandError(check: CheckExpr, env: CheckEnv): Finding | undefined {
  if (check.rhs?.kind !== 'fieldValue') {
    return undefined;
  }
  const rhsType = checkOperand(check.rhs.expr, env);
  return 'finding' in rhsType ? rhsType.finding : undefined;
}
