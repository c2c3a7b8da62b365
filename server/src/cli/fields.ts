/**
 * `falco-studio fields [--json] [--source S]`: lists the field catalog, like `falco --list`.
 * Text mode prints one block per source and field class; `--json` prints
 * {"fields":[{name, sources, class, type, isList, arg, argKind?, desc, deprecated}]}.
 * It only reads the catalog; it does not say which fields the native engine extracts.
 */
import { type FieldInfo, loadFieldCatalog } from '../fields';

/** Runs the subcommand; returns the exit code (2 on bad usage). */
export async function runFields(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`falco-studio fields: ${options}\nusage: falco-studio fields [--json] [--source S]\n`);
    return 2;
  }
  const catalog = loadFieldCatalog();
  if (options.source !== undefined && !catalog.isKnownSource(options.source)) {
    process.stderr.write(`falco-studio fields: unknown source '${options.source}' (known: ${catalog.sources().join(', ')})\n`);
    return 2;
  }
  const sources = options.source === undefined ? catalog.sources() : [options.source];
  process.stdout.write(options.json ? formatJson(catalog.sources(), sources) : formatText(sources));
  return 0;
}

interface FieldsOptions {
  json: boolean;
  source?: string;
}

function parseArgs(args: string[]): FieldsOptions | string {
  const options: FieldsOptions = { json: false };
  for (let argIdx = 0; argIdx < args.length; argIdx++) {
    const arg = args[argIdx];
    if (arg === '--json') {
      options.json = true;
    } else if (arg === '--source') {
      const value = args[argIdx + 1];
      if (value === undefined) {
        return '--source needs a value';
      }
      options.source = value;
      argIdx++;
    } else {
      return `unexpected argument '${String(arg)}'`;
    }
  }
  return options;
}

/** One JSON document; a field shared by several sources is listed once. */
function formatJson(allSources: string[], sources: string[]): string {
  const catalog = loadFieldCatalog();
  const seen = new Set<FieldInfo>();
  const fields: Record<string, unknown>[] = [];
  for (const source of sources) {
    for (const field of catalog.fieldsForSource(source)) {
      if (seen.has(field)) {
        continue;
      }
      seen.add(field);
      const entry: Record<string, unknown> = {
        name: field.name,
        sources: field.sources.filter((fieldSource) => allSources.includes(fieldSource)),
        class: field.class,
        type: field.type,
        isList: field.isList,
        arg: field.arg,
      };
      if (field.argKind !== undefined) {
        entry.argKind = field.argKind;
      }
      entry.desc = field.desc;
      entry.deprecated = field.deprecated;
      fields.push(entry);
    }
  }
  return `${JSON.stringify({ fields })}\n`;
}

function formatText(sources: string[]): string {
  const catalog = loadFieldCatalog();
  const lines: string[] = [];
  for (const source of sources) {
    let currentClass: string | undefined;
    for (const field of catalog.fieldsForSource(source)) {
      if (field.class !== currentClass) {
        currentClass = field.class;
        lines.push('', `Field Class: ${field.class} (source ${source})`, '');
      }
      const argForm = field.arg === 'none' ? '' : field.arg === 'required' ? `[${field.argKind ?? 'arg'}]` : `[${field.argKind ?? 'arg'}]?`;
      const type = `${field.type.toUpperCase()}${field.isList ? ' (list)' : ''}`;
      const notes = field.deprecated ? ' (deprecated)' : '';
      lines.push(`${(field.name + argForm).padEnd(44)} ${type.padEnd(16)} ${field.desc}${notes}`);
    }
  }
  return `${lines.join('\n').replace(/^\n/, '')}\n`;
}
