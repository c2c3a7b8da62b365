/**
 * LOAD_COMPILE_CONDITION (libs 0.18+ compiler warnings): a `regex` value that a simpler
 * operator could match (=, contains, startswith, endswith), a string value that names a
 * valid field (probably meant `val(field)`), a string value that looks like a transformer
 * call. Triggered per check with a string or list right-hand side.
 */
import { type CheckExpr, type StringLiteral } from '../condition';
import { TRANSFORMERS } from '../fields/operators';
import { type CheckEnv, type Finding } from './finding';

const REGEX_META = /[\\^$.|?*+()[\]{}]/;
// Module constants, not literals in the functions: a literal makes a new RegExp object each
// time it is evaluated, and these run for every value of every list in every condition.
const CALL_LIKE = /^[a-z0-9_]+\(.*\)$/;
const FIELD_LIKE = /^[a-zA-Z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_]+)+$/;
const NONE: readonly Finding[] = Object.freeze([]);

/** Compiler warnings for one check (a shared empty array when there are none: do not modify). */
export function checkCompilerWarnings(check: CheckExpr, env: CheckEnv): readonly Finding[] {
  const rhs = check.rhs;
  if (rhs === undefined || (rhs.kind !== 'string' && rhs.kind !== 'list')) {
    return NONE;
  }
  let findings: Finding[] | undefined;
  if (check.op === 'regex' && rhs.kind === 'string') {
    const simpler = simplerOperator(rhs.value);
    if (simpler !== undefined) {
      (findings ??= []).push({
        code: 'LOAD_COMPILE_CONDITION',
        message: `'regex' operator with value '${rhs.value}' can be replaced by the faster '${simpler}' operator`,
        range: rhs.range,
      });
    }
  }
  if (rhs.kind === 'string') {
    findings = valueWarning(rhs, env, findings);
  } else {
    for (const value of rhs.items) {
      findings = valueWarning(value, env, findings);
    }
  }
  return findings ?? NONE;
}

/** Adds the warning for one string value, if any, to `findings` (created when needed). */
function valueWarning(value: StringLiteral, env: CheckEnv, findings: Finding[] | undefined): Finding[] | undefined {
  if (CALL_LIKE.test(value.value) && TRANSFORMERS.some((transformer) => value.value.startsWith(`${transformer.name}(`))) {
    (findings ??= []).push({ code: 'LOAD_COMPILE_CONDITION', message: `string value '${value.value}' may be a valid field transformer misused as a const string value`, range: value.range });
  } else if (FIELD_LIKE.test(value.value) && isPlainField(env, value.value)) {
    (findings ??= []).push({ code: 'LOAD_COMPILE_CONDITION', message: `string value '${value.value}' may be a valid field misused as a const string value`, range: value.range });
  }
  return findings;
}

/** True when `name` is a catalog field of the source itself, not a dynamic name resolved from one. */
function isPlainField(env: CheckEnv, name: string): boolean {
  const info = env.catalog.lookup(name, env.source);
  return info !== undefined && info.baseName === undefined;
}

/** The simpler operator a regex (anchored at both ends) amounts to, if any. */
function simplerOperator(pattern: string): string | undefined {
  const leading = pattern.startsWith('.*');
  const trailing = pattern.endsWith('.*') && pattern.length >= (leading ? 4 : 2);
  const core = pattern.slice(leading ? 2 : 0, trailing ? -2 : undefined);
  if (core === '' || REGEX_META.test(core)) {
    return undefined;
  }
  if (leading && trailing) {
    return 'contains';
  }
  return leading ? 'endswith' : trailing ? 'startswith' : '=';
}
