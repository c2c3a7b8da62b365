/**
 * What an event type name in a condition (`evt.type = open`, `evt.type in (open, openat)`)
 * stands for, for hover: the events of that name in the syscall event table
 * (`data/event-schema.json`), newest exit event first, with their parameters. Which codes a
 * name selects is the field catalog's `eventCodesForName`; this file only describes them.
 */
import * as fs from 'fs';
import { eventCodesForName } from '../fields/eventTable';
import { dataFile } from '../paths';

interface SchemaEvent {
  id: number;
  code: string;
  name: string;
  dir: 'enter' | 'exit';
  old_version: boolean;
  params: { name: string; type: string }[];
}

let events: SchemaEvent[] | undefined;

/** Markdown describing an event type name, or a note that Falco does not know it. */
export function eventTypeHover(name: string): string {
  const codes = eventCodesForName(name);
  if (codes === undefined) {
    return `\`${name}\`: unknown event type`;
  }
  events ??= (JSON.parse(fs.readFileSync(dataFile('event-schema.json'), 'utf8')) as { events: SchemaEvent[] }).events;
  const selected = codes.map((code) => events?.[code]).filter((event): event is SchemaEvent => event !== undefined);
  const named = selected.filter((event) => event.name === name);
  const lines = [`**evt.type** \`${name}\`: ${codes.length} event code${codes.length === 1 ? '' : 's'} (${codes.join(', ')})`];
  if (named.length === 0) {
    lines.push('', `A syscall without its own event: Falco sees it through the generic \`syscall\` event.`);
  }
  // Current versions first, exit before enter: the exit event is what rules see by default.
  const ordered = [...named].sort((a, b) => Number(a.old_version) - Number(b.old_version) || (a.dir === b.dir ? 0 : a.dir === 'exit' ? -1 : 1));
  for (const event of ordered.slice(0, 2)) {
    const params = event.params.map((param) => `${param.name} (${param.type.replace(/^PT_/, '').toLowerCase()})`).join(', ');
    lines.push('', `${event.dir === 'exit' ? 'Exit' : 'Enter'} event \`${event.code}\`${event.old_version ? ' (old version)' : ''}: ${params === '' ? 'no parameters' : params}`);
  }
  return lines.join('\n');
}
