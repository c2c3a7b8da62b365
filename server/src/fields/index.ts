/**
 * The one field catalog: reads `data/fields.json` once and answers lookups by field name and
 * by event source, including the dynamic names libsinsp resolves itself (`evt.arg.<name>`,
 * `evt.rawarg.<name>`, `container.label.<key>` ...). It does not check operators or arguments
 * (see `operators.ts`) and knows nothing about the editor.
 */
import * as fs from 'fs';
import { dataFile } from '../paths';
import { isEventTableName, paramTypeForArgName } from './eventTable';

/** How a field accepts an argument: `proc.aname[2]`, `k8s.pod.label[app]`, `json.value[/a]`. */
export type FieldArg = 'none' | 'optional' | 'required';

/** What the argument is: a non-negative decimal index, a free-form key, or either. */
export type FieldArgKind = 'index' | 'key' | 'any';

/** One field of one or more event sources, as stored in `data/fields.json`. */
export interface FieldInfo {
  /** The full field name; for dynamic names (see `baseName`) the name as written. */
  name: string;
  sources: string[];
  /** libsinsp filtercheck class (`evt`, `process`, `fd`, ...) or the plugin's name. */
  class: string;
  /** libsinsp field type in lower case without `PT_` (`charbuf`, `int64`, `ipnet`...). */
  type: string;
  /** True when the field yields several values at once (`in`/`intersects` semantics). */
  isList: boolean;
  arg: FieldArg;
  argKind?: FieldArgKind;
  desc: string;
  /** True only when the native engine extracts this field (set by the engine's owner). */
  extractable: boolean;
  deprecated: boolean;
  /** True when the argument can also follow a dot: `evt.arg.fd`, `container.label.app`. */
  argDot?: boolean;
  /** True when the argument can only follow a dot (`evt.rawarg.res`); brackets are refused. */
  argDotOnly?: boolean;
  /** libsinsp EPF_TABLE_ONLY: meant for sysdig's tables; Falco does not list it. */
  tableOnly?: boolean;
  /** libsinsp EPF_PRINT_ONLY: usable in outputs, not in conditions. */
  printOnly?: boolean;
  /** libsinsp EPF_FILTER_ONLY: usable in conditions, not in outputs. */
  filterOnly?: boolean;
  /** libsinsp EPF_NO_RHS: cannot be the right-hand side `val()` of a comparison. */
  noRhs?: boolean;
  /** libsinsp EPF_NO_TRANSFORMER: cannot be wrapped in a transformer. */
  noTransformer?: boolean;
  /** Known to sysdig 0.29.3-era libsinsp but removed from current libsinsp (mesos, span, ...). */
  legacyOnly?: boolean;
  /** For a dynamic name such as `evt.arg.fd`: the catalog field it resolves to (`evt.arg`). */
  baseName?: string;
  /** For a dynamic name: the text after the base name and its dot (`fd`). */
  dotArg?: string;
}

/** Read-only view over the catalog. */
export interface FieldCatalog {
  /** Names of every source the catalog knows, in file order. */
  sources(): string[];
  /**
   * The field called `name` (exact, without a `[arg]` suffix). With `source`, only a field
   * of that source. Dynamic dotted names resolve to a copy of their base field with `name`,
   * `baseName` and `dotArg` set; `evt.rawarg.<param>` takes the type of that event parameter.
   */
  lookup(name: string, source?: string): FieldInfo | undefined;
  /** Every field of `source`, in catalog order (empty for an unknown source). */
  fieldsForSource(source: string): FieldInfo[];
  isKnownSource(source: string): boolean;
}

interface CatalogFile {
  version: number;
  sources: { name: string; description?: string }[];
  fields: FieldInfo[];
}

let cachedCatalog: FieldCatalog | undefined;

/** The catalog read from the package's `data/fields.json`; read once, then cached. */
export function loadFieldCatalog(): FieldCatalog {
  if (cachedCatalog === undefined) {
    const parsed = JSON.parse(fs.readFileSync(dataFile('fields.json'), 'utf8')) as CatalogFile;
    cachedCatalog = createFieldCatalog(parsed);
  }
  return cachedCatalog;
}

/** Builds a catalog over already-parsed file contents (tests use it on variants). */
export function createFieldCatalog(file: CatalogFile): FieldCatalog {
  const sourceNames = file.sources.map((source) => source.name);
  const bySource = new Map<string, Map<string, FieldInfo>>();
  for (const sourceName of sourceNames) {
    bySource.set(sourceName, new Map());
  }
  for (const field of file.fields) {
    for (const sourceName of field.sources) {
      const table = bySource.get(sourceName);
      if (table !== undefined && !table.has(field.name)) {
        table.set(field.name, field);
      }
    }
  }

  function lookupIn(table: Map<string, FieldInfo>, name: string): FieldInfo | undefined {
    const exact = table.get(name);
    if (exact !== undefined) {
      return exact;
    }
    // Dynamic dotted names: the longest catalog field that is a dotted prefix and accepts a
    // dotted argument, as libsinsp's own field-name parsing does.
    for (let dotIdx = name.lastIndexOf('.'); dotIdx > 0; dotIdx = name.lastIndexOf('.', dotIdx - 1)) {
      const base = table.get(name.slice(0, dotIdx));
      if (base !== undefined && base.argDot === true && dotIdx + 1 < name.length) {
        return resolveDotted(base, name, name.slice(dotIdx + 1));
      }
    }
    return undefined;
  }

  return {
    sources: () => sourceNames.slice(),
    isKnownSource: (source) => bySource.has(source),
    fieldsForSource: (source) => [...(bySource.get(source)?.values() ?? [])],
    lookup(name, source) {
      if (source !== undefined) {
        const table = bySource.get(source);
        return table === undefined ? undefined : lookupIn(table, name);
      }
      for (const table of bySource.values()) {
        const found = lookupIn(table, name);
        if (found !== undefined) {
          return found;
        }
      }
      return undefined;
    },
  };
}

// Module constants: a regex literal makes a new object each time it is evaluated.
const DIGITS = /^[0-9]+$/;
const SUBSYSTEM_NAME = /^[A-Za-z_]+$/;

/** A copy of `base` standing for `name` = `<base>.<dotArg>`; undefined when libsinsp rejects it. */
function resolveDotted(base: FieldInfo, name: string, dotArg: string): FieldInfo | undefined {
  let type = base.type;
  switch (base.name) {
    case 'evt.arg':
    case 'evt.rawarg': {
      // libsinsp resolves the name against the event table's parameter names and rejects names
      // no event has; evt.rawarg takes the type of the first parameter with that name.
      const paramType = paramTypeForArgName(dotArg);
      if (paramType === undefined) {
        return undefined;
      }
      if (base.name === 'evt.rawarg') {
        type = paramType;
      }
      break;
    }
    case 'evt.type.is':
      // An event code or an event-table name (not a bare syscall name).
      if (!DIGITS.test(dotArg) && !isEventTableName(dotArg)) {
        return undefined;
      }
      break;
    case 'evt.abspath':
      if (dotArg !== 'src' && dotArg !== 'dst') {
        return undefined;
      }
      break;
    case 'thread.cgroup':
      // libsinsp reads the subsystem name as letters and underscores only.
      if (!SUBSYSTEM_NAME.test(dotArg)) {
        return undefined;
      }
      break;
    default:
      break;
  }
  // Object.assign, not a spread: V8 copies this way about ten times faster.
  return Object.assign({}, base, { name, type, baseName: base.name, dotArg });
}

/**
 * libsinsp's own message for a dotted name it rejects while parsing the field name, where
 * that message is not the generic "filter_check called with nonexistent field": today
 * `evt.arg.<p>`/`evt.rawarg.<p>` with a parameter no event has. Undefined otherwise.
 */
export function unknownDynamicFieldMessage(name: string): string | undefined {
  for (const base of ['evt.arg.', 'evt.rawarg.']) {
    if (name.startsWith(base) && name.length > base.length && paramTypeForArgName(name.slice(base.length)) === undefined) {
      return `unknown event argument ${name.slice(base.length)}`;
    }
  }
  return undefined;
}
