/**
 * Event names and event codes from `data/event-schema.json`, as Falco's loader sees them when it
 * derives the event types a rule is indexed under: `evt.type = X` selects every code named X
 * (enter and exit, every version, old ones too), and a syscall without a dedicated event
 * selects the generic pair (codes 0/1). It does not compute rule event-type sets (that is set
 * algebra over a condition, done elsewhere) and does not decode events.
 */
import * as fs from 'fs';
import { dataFile } from '../paths';

interface SchemaParam {
  name: string;
  type: string;
}

interface SchemaEvent {
  id: number;
  name: string;
  params: SchemaParam[];
}

interface EventSchema {
  events: SchemaEvent[];
  ppm_sc: { id: number; name: string }[];
}

interface EventIndex {
  events: SchemaEvent[];
  codesByName: Map<string, number[]>;
  /** Every name of the event table, codes 0/1 (`syscall`) and unused slots (`NA`) included. */
  eventNames: Set<string>;
  syscallNames: Set<string>;
  paramTypes: Map<string, string>;
}

/** The generic syscall event pair, used by syscalls that have no dedicated event. */
export const GENERIC_EVENT_CODES: readonly number[] = [0, 1];

let cachedIndex: EventIndex | undefined;

/**
 * Every event code `evt.type = name` selects, sorted; undefined when the name is neither an
 * event nor a syscall name (Falco: "unknown event type <name>"). Mirrors libsinsp's
 * `names_to_event_set`: dedicated events are matched by name from code 2 on (so `syscall`,
 * the generic pair's own name, is known but selects no code), and a leftover syscall name
 * selects codes 0/1.
 */
export function eventCodesForName(name: string): number[] | undefined {
  const index = eventIndex();
  const codes = index.codesByName.get(name);
  if (codes !== undefined) {
    return codes.slice();
  }
  if (index.syscallNames.has(name)) {
    return GENERIC_EVENT_CODES.slice();
  }
  // libsinsp accepts every name of its event table as an evt.type value, even one that
  // selects no code (`syscall`).
  return index.eventNames.has(name) ? [] : undefined;
}

/** The universe of event codes (0 .. max-1, unused slots included, as libsinsp's all_event_set). */
export function allEventCodes(): number[] {
  return eventIndex().events.map((event) => event.id);
}

/** The schema name of an event code (`open`, `syscall`, `NA` for unused slots); '' if out of range. */
export function eventName(code: number): string {
  return eventIndex().events[code]?.name ?? '';
}

/** Every name `evt.type` accepts (event names and syscall names), sorted, for completion. */
export function knownEventNames(): string[] {
  const index = eventIndex();
  const names = new Set<string>([...index.eventNames, ...index.syscallNames]);
  names.delete('NA');
  return [...names].sort();
}

/** True when `name` names an event of the table (codes 0/1 `syscall` and `NA` slots included). */
export function isEventTableName(name: string): boolean {
  return eventIndex().eventNames.has(name);
}

/**
 * The catalog type (lower case, no `PT_`) of the first event parameter called `argName`,
 * in table order, as libsinsp types `evt.rawarg.<argName>`; undefined when no event has it.
 */
export function paramTypeForArgName(argName: string): string | undefined {
  return eventIndex().paramTypes.get(argName);
}

function eventIndex(): EventIndex {
  if (cachedIndex !== undefined) {
    return cachedIndex;
  }
  const schema = JSON.parse(fs.readFileSync(dataFile('event-schema.json'), 'utf8')) as EventSchema;
  const events = [...schema.events].sort((left, right) => left.id - right.id);
  const codesByName = new Map<string, number[]>();
  const paramTypes = new Map<string, string>();
  for (const event of events) {
    if (event.id >= GENERIC_EVENT_CODES.length) {
      const codes = codesByName.get(event.name) ?? [];
      codes.push(event.id);
      codesByName.set(event.name, codes);
    }
    for (const param of event.params) {
      if (!paramTypes.has(param.name)) {
        paramTypes.set(param.name, param.type.replace(/^PT_/, '').toLowerCase());
      }
    }
  }
  const syscallNames = new Set(schema.ppm_sc.map((syscall) => syscall.name));
  const eventNames = new Set(events.map((event) => event.name));
  cachedIndex = { events, codesByName, eventNames, syscallNames, paramTypes };
  return cachedIndex;
}
