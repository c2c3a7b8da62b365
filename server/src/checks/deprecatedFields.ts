/**
 * LOAD_DEPRECATED_ITEM for deprecated fields: `evt.dir` (Falco 0.42) and `evt.latency*`,
 * `evt.wait_latency` (0.43), in a condition (per check) or anywhere in an output (a plain
 * substring test, as Falco does). Legacy Falco had no such warning.
 */
import { type CheckExpr, type Operand } from '../condition';
import { type Finding } from './finding';

/** Deprecated fields, longest first so the substring test names the most precise one (all start with `evt.`). */
export const DEPRECATED_FIELDS = ['evt.latency.human', 'evt.latency.ns', 'evt.latency.s', 'evt.wait_latency', 'evt.latency', 'evt.dir'];

const ALL_EVT = DEPRECATED_FIELDS.every((name) => name.startsWith('evt.'));

/** Falco's message for a deprecated field. */
export function deprecatedFieldMessage(field: string): string {
  return `The '${field}' field is deprecated and will be removed in a future release.`;
}

/** The warning for a deprecated field used in a check, if any. */
export function checkDeprecatedConditionField(check: CheckExpr): Finding | undefined {
  const field = deprecatedOperand(check.lhs) ?? (check.rhs?.kind === 'fieldValue' ? deprecatedOperand(check.rhs.expr) : undefined);
  return field === undefined ? undefined : { code: 'LOAD_DEPRECATED_ITEM', message: deprecatedFieldMessage(field.name), range: field.range };
}

function deprecatedOperand(operand: Operand): { name: string; range: { start: number; end: number } } | undefined {
  if (operand.kind === 'field') {
    return DEPRECATED_FIELDS.includes(operand.name) ? { name: operand.name, range: operand.nameRange } : undefined;
  }
  for (const arg of operand.args) {
    if (arg.kind === 'field' || arg.kind === 'transformer') {
      const found = deprecatedOperand(arg);
      if (found !== undefined) {
        return found;
      }
    }
  }
  return undefined;
}

/** The deprecated field an output mentions (substring test), with its offset in the output. */
export function deprecatedOutputField(output: string): { name: string; offset: number } | undefined {
  // Every deprecated field starts with `evt.`: one scan settles the usual output.
  if (ALL_EVT && !output.includes('evt.')) {
    return undefined;
  }
  for (const name of DEPRECATED_FIELDS) {
    const offset = output.indexOf(name);
    if (offset !== -1) {
      return { name, offset };
    }
  }
  return undefined;
}
