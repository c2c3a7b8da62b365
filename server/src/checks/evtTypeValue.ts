/**
 * LOAD_ERR_COMPILE_CONDITION "unknown event type X": a value compared with `evt.type` (or
 * `syscall.type`) that is neither an event nor a syscall name; also a field value
 * (`val()` or a transformer) compared with `evt.type`, which libsinsp rejects. Triggered by
 * equality and list operators on those fields.
 */
import { type CheckExpr } from '../condition';
import { eventCodesForName } from '../fields/eventTable';
import { type Finding } from './finding';

const VALUE_OPS = new Set(['=', '!=', 'in', 'intersects', 'pmatch']);

/** The first unknown event name compared with evt.type, if any. */
export function checkEvtTypeValues(check: CheckExpr): Finding | undefined {
  const lhs = check.lhs;
  if (lhs.kind !== 'field' || (lhs.name !== 'evt.type' && lhs.name !== 'syscall.type') || check.rhs === undefined) {
    return undefined;
  }
  const rhs = check.rhs;
  if (rhs.kind === 'fieldValue') {
    return { code: 'LOAD_ERR_COMPILE_CONDITION', message: `'${lhs.name}' cannot be compared with a field value or a transformer`, range: rhs.range };
  }
  if (!VALUE_OPS.has(check.op)) {
    return undefined;
  }
  if (rhs.kind !== 'list') {
    return rhs.kind === 'listName' ? unknownEventType(rhs.name, rhs.range) : unknownEventType(rhs.value, rhs.range);
  }
  for (const value of rhs.items) {
    const finding = unknownEventType(value.value, value.range);
    if (finding !== undefined) {
      return finding;
    }
  }
  return undefined;
}

function unknownEventType(name: string, range: Finding['range']): Finding | undefined {
  return eventCodesForName(name) === undefined ? { code: 'LOAD_ERR_COMPILE_CONDITION', message: `unknown event type ${name}`, range } : undefined;
}
