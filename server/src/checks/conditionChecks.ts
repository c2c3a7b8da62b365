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

/**
 * Findings per source, then per check node (a macro may be shared by rules of several
 * sources; a load usually has one), stored as they are: no record per node. Never modified
 * once stored.
 */
const cache = new Map<string, WeakMap<CheckExpr, readonly Finding[]>>();

/**
 * Forgets every cached finding (with the other loader caches). Not only for honest cold
 * loads: a weak map keeps the entries of dead keys until a full collection, so one that
 * lives across many loads grows, and every lookup and collection pays for it (the lookups
 * took 2-4% of a cold load's time before this was cleared with the parse cache).
 */
export function clearCheckCache(): void {
  cache.clear();
}

/** Every finding for one check (at most one error, which comes last). Do not modify the result. */
export function checkConditionCheck(check: CheckExpr, env: CheckEnv): readonly Finding[] {
  let bySource = cache.get(env.source);
  if (bySource === undefined) {
    bySource = new WeakMap();
    cache.set(env.source, bySource);
  }
  let findings = bySource.get(check);
  if (findings === undefined) {
    findings = runChecks(check, env);
    bySource.set(check, findings);
  }
  return findings;
}

const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

function runChecks(check: CheckExpr, env: CheckEnv): readonly Finding[] {
  const unsafeNa = checkUnsafeNa(check);
  const deprecated = checkDeprecatedConditionField(check);
  // Most checks warn of nothing: the shared empty array stands for that.
  let warnings: readonly Finding[] = NO_FINDINGS;
  if (unsafeNa !== undefined || deprecated !== undefined) {
    warnings = [unsafeNa, deprecated].filter((finding) => finding !== undefined);
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
  const compilerWarnings = checkCompilerWarnings(check, env);
  if (compilerWarnings.length === 0) {
    return warnings;
  }
  return [...warnings, ...compilerWarnings];
}

function rhsOperandError(check: CheckExpr, env: CheckEnv): Finding | undefined {
  if (check.rhs?.kind !== 'fieldValue') {
    return undefined;
  }
  const rhsType = checkOperand(check.rhs.expr, env);
  return 'finding' in rhsType ? rhsType.finding : undefined;
}
