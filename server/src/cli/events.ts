/**
 * `falco-studio events CAPTURE [--filter COND] [--format FMT] [--json]`: prints one line per
 * visible event, like `sysdig -r CAPTURE -p FMT`. FMT is output-format text with `%field` or
 * `%field[arg]` references (`\t` and `\n` become TAB and newline, as sysdig does); a leading
 * `*` prints events whose fields are missing too (as `<NA>`), otherwise such events are
 * skipped, again like sysdig. `--json` prints one object per event keyed by field. The work
 * runs in the engine process (engine/client.ts); this file parses arguments and formats.
 * Exit codes: 0 ok, 1 capture error (message with byte offset and event), 2 usage error,
 * 3 engine crash or hang.
 */
import { stringify } from 'yaml';
import { loadRules } from '../compile/load';
import { buildRuleSet } from '../compile/ruleSet';
import { EngineClient } from '../engine/client';
import type { FieldSpec } from '../engine/protocol';

/** sysdig's default line, minus the fields this engine does not have (evt.info → evt.args). */
const DEFAULT_FORMAT = '*%evt.num %evt.time %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.args';

const USAGE = 'usage: falco-studio events CAPTURE [--filter COND] [--format FMT] [--json]\n';

/** A parsed format: literal text and field references, alternating as written. */
export interface ParsedFormat {
  printMissing: boolean;
  parts: ({ kind: 'text'; text: string } | { kind: 'field'; field: FieldSpec; label: string })[];
}

/** Parses an output format (`*%evt.num %proc.name`). Field names end at the first other char. */
export function parseFormat(format: string): ParsedFormat {
  const printMissing = format.startsWith('*');
  const text = (printMissing ? format.slice(1) : format).replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const parts: ParsedFormat['parts'] = [];
  const pattern = /%([A-Za-z_][A-Za-z0-9_.]*[A-Za-z0-9_])(\[([^\]]*)\])?/g;
  let last = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m.index > last) {
      parts.push({ kind: 'text', text: text.slice(last, m.index) });
    }
    const field: FieldSpec = m[3] !== undefined ? { name: m[1], arg: m[3] } : { name: m[1] };
    parts.push({ kind: 'field', field, label: m[0].slice(1) });
    last = m.index + m[0].length;
  }
  if (last < text.length) {
    parts.push({ kind: 'text', text: text.slice(last) });
  }
  return { printMissing, parts };
}

interface Options {
  capture: string;
  filter?: string;
  format: string;
  json: boolean;
}

function parseArgs(args: string[]): Options | string {
  let capture: string | undefined;
  let filter: string | undefined;
  let format: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') {
      json = true;
    } else if (arg === '--filter' || arg === '--format') {
      const value = args[++i];
      if (value === undefined) {
        return `${arg} needs a value`;
      }
      if (arg === '--filter') filter = value;
      else format = value;
    } else if (arg.startsWith('--')) {
      return `unknown option '${arg}'`;
    } else if (capture === undefined) {
      capture = arg;
    } else {
      return `unexpected argument '${arg}'`;
    }
  }
  if (capture === undefined) {
    return 'no capture file given';
  }
  return { capture, filter, format: format ?? DEFAULT_FORMAT, json };
}

/** Formats one event row; undefined when a field is missing and the format has no `*`. */
export function formatRow(format: ParsedFormat, row: (string | number | null)[]): string | undefined {
  let line = '';
  let fieldIndex = 1;
  for (const part of format.parts) {
    if (part.kind === 'text') {
      line += part.text;
      continue;
    }
    const value = row[fieldIndex++];
    if (value === null || value === undefined) {
      if (!format.printMissing) {
        return undefined;
      }
      line += '<NA>';
    } else {
      line += String(value);
    }
  }
  return line;
}

function jsonRow(format: ParsedFormat, row: (string | number | null)[]): string {
  const object: Record<string, string | null> = {};
  let fieldIndex = 1;
  for (const part of format.parts) {
    if (part.kind === 'field') {
      const value = row[fieldIndex++];
      object[part.label] = value === null || value === undefined ? null : String(value);
    }
  }
  return JSON.stringify({ evt_num: row[0], fields: object });
}

/**
 * Compiles a filter condition the way rules are compiled (one parser, in TypeScript): as the
 * condition of a one-rule rules file. Returns the compiled rule set's JSON, or Falco's first
 * load error.
 */
export function compileFilter(condition: string): { json?: string; error?: string } {
  const name = '--filter';
  const text = stringify([{ rule: 'falco-studio events filter', desc: 'the --filter condition', condition, output: 'filter', priority: 'INFO' }]);
  const outcome = loadRules([{ name, text }], { compileEachFile: true });
  const error = outcome.problems.find((problem) => problem.code.startsWith('LOAD_ERR'));
  if (error !== undefined) {
    return { error: `${error.code}: ${error.message}` };
  }
  const ruleSet = buildRuleSet(outcome.compiled, [name], outcome.lineIndexes);
  if (ruleSet.rules.length === 0) {
    return { error: 'the condition did not compile' };
  }
  return { json: JSON.stringify(ruleSet) };
}

/** Runs the subcommand; returns the exit code. */
export async function runEvents(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`falco-studio events: ${options}\n${USAGE}`);
    return 2;
  }
  let filter: string | undefined;
  if (options.filter !== undefined) {
    const compiled = compileFilter(options.filter);
    if (compiled.error !== undefined) {
      process.stderr.write(`falco-studio events: --filter: ${compiled.error}\n`);
      return 2;
    }
    filter = compiled.json;
  }
  const format = parseFormat(options.format);
  const fields = format.parts.flatMap((part) => (part.kind === 'field' ? [part.field] : []));
  const client = new EngineClient();
  // A reader that goes away (`| head`) ends the job quietly, like sysdig.
  let readerGone = false;
  const onStdoutError = (err: NodeJS.ErrnoException): void => {
    if (err.code === 'EPIPE') {
      readerGone = true;
      job.cancel();
    }
  };
  process.stdout.on('error', onStdoutError);
  const job = client.run(
    { kind: 'events', capture: options.capture, fields, ...(filter !== undefined ? { filter } : {}) },
    {
      onResults: (items) => {
        if (readerGone) return;
        let out = '';
        for (const item of items as (string | number | null)[][]) {
          const line = options.json ? jsonRow(format, item) : formatRow(format, item);
          if (line !== undefined) out += `${line}\n`;
        }
        if (out !== '') process.stdout.write(out);
      },
    },
  );
  const outcome = await job.result;
  client.dispose();
  if (readerGone) {
    return 0;
  }
  process.stdout.off('error', onStdoutError);
  switch (outcome.status) {
    case 'done':
      return 0;
    case 'error': {
      const where = outcome.offset !== undefined ? ` at byte offset ${outcome.offset} (after event ${outcome.eventsRead ?? 0})` : '';
      process.stderr.write(`falco-studio events: ${outcome.capture ?? options.capture}${where}: ${outcome.message}\n`);
      return outcome.offset !== undefined || outcome.capture !== undefined ? 1 : 2;
    }
    case 'cancelled':
      return 1;
    default:
      process.stderr.write(`falco-studio events: ${options.capture}: ${outcome.message}\n`);
      return 3;
  }
}
