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
  if (!ALL_EVT) {
    return firstMentioned(output);
  }
  // Every deprecated field starts with `evt.`: the first name in list order that occurs is the
  // first one found at one of the (few) places `evt.` occurs, so one scan settles the output.
  let best: { name: string; offset: number } | undefined;
  let bestRank = DEPRECATED_FIELDS.length;
  for (let at = output.indexOf('evt.'); at !== -1 && bestRank > 0; at = output.indexOf('evt.', at + 1)) {
    for (let rank = 0; rank < bestRank; rank++) {
      if (output.startsWith(DEPRECATED_FIELDS[rank], at)) {
        best = { name: DEPRECATED_FIELDS[rank], offset: at };
        bestRank = rank;
        break;
      }
    }
  }
  return best;
}

/** The first deprecated field, in list order, that occurs in `output`, at its first offset. */
function firstMentioned(output: string): { name: string; offset: number } | undefined {
  for (const name of DEPRECATED_FIELDS) {
    const offset = output.indexOf(name);
    if (offset !== -1) {
      return { name, offset };
    }
  }
  return undefined;
}
