/**
 * The reader: one rules file's text → the ordered events the collector consumes (items and
 * the problems met while reading them), like Falco's `rule_loader::reader`. It decides item
 * kinds, decodes every attribute with Falco's messages and reports unknown keys. Falco stops
 * reading a file at its first error; we keep reading the following items so the editor sees
 * every problem, and the first error reported stays Falco's. It knows nothing of other files.
 */
import { parseAllDocuments, visit, type Document, type YAMLMap, type YAMLSeq } from 'yaml';
import { decodeScalar, decodeUint, type ItemContext } from './decode';
import { fastParseSequence } from './fastYaml';
import { type EngineVersionItem, type Item, type PluginVersionsItem, type Span } from './items';
import { LoadError, rawProblem, type RawProblem } from './problems';
import { readListItem, readMacroItem } from './readListMacro';
import { readRuleItem } from './readRule';
import { deref, getValue, isMap, isNullNode, isSeq, keyText, nodeSpan, type DocContext, type YNode } from './yamlNodes';

/** One step of a file, in order: an item to collect, or a problem met while reading. */
export type ReadEvent = { kind: 'item'; item: Item } | { kind: 'problem'; problem: RawProblem };

/** The keys each item kind may hold (0.44 warns about others with LOAD_UNKNOWN_KEY). */
const ALLOWED_KEYS: Record<string, ReadonlySet<string>> = {
  required_engine_version: new Set(['required_engine_version']),
  required_plugin_versions: new Set(['required_plugin_versions']),
  list: new Set(['list', 'items', 'append', 'override']),
  macro: new Set(['macro', 'condition', 'append', 'override']),
  rule: new Set([
    'rule', 'condition', 'output', 'desc', 'priority', 'source', 'enabled', 'tags', 'exceptions',
    'warn_evttypes', 'skip-if-unknown-filter', 'capture', 'capture_duration', 'append', 'override',
  ]),
};

/** The first key present decides the kind, in this order. */
const KIND_ORDER = ['required_engine_version', 'required_plugin_versions', 'list', 'macro', 'rule'] as const;

/**
 * The largest rules file the loader reads, in characters (512 KiB). Real files are under 100 KB; the
 * cap keeps a hostile or mistaken input (a 20 MB log opened as rules) to a clear
 * diagnostic in well under a second instead of seconds of YAML parsing.
 */
export const MAX_RULES_FILE_CHARS = 512 * 1024;

/** Reads one file. Never throws: every problem becomes an event. `info.hasAliases` tells whether YAML aliases were used. */
export function readRulesFile(text: string, file: number, info?: { hasAliases: boolean }): ReadEvent[] {
  const events: ReadEvent[] = [];
  const fileSpan: Span = { file, start: 0, end: 0 };
  if (text.length > MAX_RULES_FILE_CHARS) {
    const message = `Rules file is too large: ${text.length} characters (the loader reads at most ${MAX_RULES_FILE_CHARS})`;
    events.push({ kind: 'problem', problem: rawProblem('LOAD_ERR_FILE_READ', message, 'rules content', '', fileSpan) });
    return events;
  }
  let docs: Document.Parsed[];
  try {
    // The fast reader handles the usual shape of rules files; the yaml package the rest.
    const fast = fastParseSequence(text);
    if (fast !== undefined) {
      return readFastSequence(fast, file);
    }
    docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false, strict: false }) as Document.Parsed[];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    events.push({ kind: 'problem', problem: rawProblem('LOAD_ERR_YAML_PARSE', message, 'rules content', '', fileSpan) });
    return events;
  }
  if (!Array.isArray(docs)) {
    // An empty stream yields an EmptyStream object rather than an array.
    return events;
  }
  // Step 1: YAML syntax errors before any item (yaml-cpp parses the whole stream first);
  // the first of each document only, since later ones mostly follow from it.
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const problem = rawProblem('LOAD_ERR_YAML_PARSE', yamlMessage(text, error.message, error.pos[0]), 'rules content', '', {
        file,
        start: error.pos[0],
        end: error.pos[1],
      });
      events.push({ kind: 'problem', problem });
    }
  }
  // Step 2: documents and their items.
  if (info !== undefined && docs.some((doc) => doc.errors.length > 0 || typeof (doc as { toJS?: unknown }).toJS === 'function')) {
    for (const doc of docs) {
      visit(doc, {
        Alias() {
          info.hasAliases = true;
          return visit.BREAK;
        },
      });
    }
  }
  for (const doc of docs) {
    const ctx: DocContext = { doc, file };
    const contents = deref(doc.contents, ctx);
    if (contents === null || isNullNode(contents)) {
      continue;
    }
    const docSpan = nodeSpan(contents, ctx, fileSpan);
    if (!isSeq(contents)) {
      const message = isMap(contents) ? 'Rules content is not yaml array of objects' : 'Rules content is not yaml';
      events.push({ kind: 'problem', problem: rawProblem('LOAD_ERR_YAML_VALIDATE', message, 'rules content', '', docSpan) });
      continue;
    }
    const errorStarts = doc.errors.map((error) => error.pos[0]);
    contents.items.forEach((element, elementIdx) => {
      const node = deref(element, ctx);
      if (node === null || isNullNode(node)) {
        return;
      }
      const span = nodeSpan(node, ctx, docSpan);
      // yaml-cpp would have rejected the file: skip the item a syntax error falls in (up
      // to the next item), rather than pile errors on a half-parsed value.
      const next = contents.items[elementIdx + 1] as { range?: [number, number, number] } | null | undefined;
      const regionEnd = next?.range?.[0] ?? docSpan.end + 1;
      if (errorStarts.some((start) => start >= span.start && start < regionEnd)) {
        return;
      }
      for (const event of readElement(node, span, ctx)) {
        events.push(event);
      }
    });
  }
  return events;
}

/** The document the fast reader stands for: no errors, no anchors for aliases to resolve. */
const NO_SPAN: Span = { file: 0, start: 0, end: 0 };
const FAST_DOC = { contents: null, errors: [], warnings: [] } as unknown as Document.Parsed;

/**
 * The items of a sequence the fast reader built: what the general loop above does for a
 * document without errors or aliases, without its per-document records (a cold load reads
 * each of the ~600 items of the official files as a document of its own, and keeps its
 * events: an item's own event array is used as it is).
 */
function readFastSequence(seq: YAMLSeq | null, file: number): ReadEvent[] {
  if (seq === null) {
    return [];
  }
  const ctx: DocContext = { doc: FAST_DOC, file };
  // The fast reader gives every node its range: no fallback span is ever needed.
  const docSpan = NO_SPAN;
  const items = seq.items as YNode[];
  let events: ReadEvent[] | undefined;
  for (let idx = 0; idx < items.length; idx++) {
    const node = items[idx];
    if (node !== null && !isNullNode(node)) {
      const more = readElement(node, nodeSpan(node, ctx, docSpan), ctx);
      if (events === undefined) {
        events = more;
      } else {
        for (const event of more) {
          events.push(event);
        }
      }
    }
  }
  return events ?? [];
}

/** The events of one sequence element, in order: problems, then the item (a fresh array). */
function readElement(node: unknown, span: Span, ctx: DocContext): ReadEvent[] {
  try {
    if (!isMap(node)) {
      const message = 'Unexpected element type. Each element should be a yaml associative array.';
      return [{ kind: 'problem', problem: rawProblem('LOAD_ERR_YAML_VALIDATE', message, 'rules content item', '', span) }];
    }
    const kind = itemKind(node);
    if (kind === undefined) {
      return [{ kind: 'problem', problem: rawProblem('LOAD_UNKNOWN_ITEM', 'Unknown top level item', 'rules content item', '', span) }];
    }
    const warnings: RawProblem[] = [];
    const item = readItem(kind, node, span, ctx, warnings);
    const unknownKeys = unknownKeyWarnings(kind, node, span, item, ctx);
    if (unknownKeys.length === 0 && warnings.length === 0) {
      // The usual item: an array of exactly one event.
      return [{ kind: 'item', item }];
    }
    const events: ReadEvent[] = [];
    for (const warning of unknownKeys) {
      events.push({ kind: 'problem', problem: warning });
    }
    for (const warning of warnings) {
      events.push({ kind: 'problem', problem: warning });
    }
    events.push({ kind: 'item', item });
    return events;
  } catch (err) {
    if (err instanceof LoadError) {
      return [{ kind: 'problem', problem: err.problem }];
    }
    throw err;
  }
}

/** Each kind's rank in `KIND_ORDER`. */
const KIND_RANK: ReadonlyMap<string, number> = new Map(KIND_ORDER.map((kind, rank) => [kind, rank]));

/** The item kind: the first key of `KIND_ORDER` the map holds (one pass over its keys). */
function itemKind(map: YAMLMap): (typeof KIND_ORDER)[number] | undefined {
  let best: number = KIND_ORDER.length;
  for (const pair of map.items) {
    const rank = KIND_RANK.get(keyText(pair));
    if (rank !== undefined && rank < best) {
      best = rank;
    }
  }
  return best < KIND_ORDER.length ? (KIND_ORDER as readonly (typeof KIND_ORDER)[number][])[best] : undefined;
}

function readItem(kind: (typeof KIND_ORDER)[number], map: YAMLMap, span: Span, ctx: DocContext, warnings: RawProblem[]): Item {
  switch (kind) {
    case 'required_engine_version':
      return readEngineVersion(map, span, ctx);
    case 'required_plugin_versions':
      return readPluginVersions(map, span, ctx, warnings);
    case 'list':
      return readListItem(map, span, ctx, warnings);
    case 'macro':
      return readMacroItem(map, span, ctx, warnings);
    case 'rule':
      return readRuleItem(map, span, ctx, warnings);
  }
}

const NO_WARNINGS: readonly RawProblem[] = [];

function unknownKeyWarnings(kind: string, map: YAMLMap, span: Span, item: Item, ctx: DocContext): readonly RawProblem[] {
  const allowed = ALLOWED_KEYS[kind];
  let warnings: RawProblem[] | undefined;
  const itemType = kind === 'required_engine_version' ? 'required_engine_version' : kind === 'required_plugin_versions' ? 'required plugin versions' : kind;
  const itemName = 'name' in item ? item.name : '';
  for (const pair of map.items) {
    const key = keyText(pair);
    if (!allowed.has(key)) {
      const keySpan = nodeSpan(pair.key as never, ctx, span);
      warnings ??= [];
      warnings.push(rawProblem('LOAD_UNKNOWN_KEY', `Unknown key '${key}'. The key will be ignored.`, itemType as never, itemName, keySpan));
    }
  }
  return warnings ?? NO_WARNINGS;
}

/** Engine version Falco 0.44 ships (engine 0.63.0). */
export const ENGINE_VERSION = { major: 0, minor: 63, patch: 0 };

function readEngineVersion(map: YAMLMap, span: Span, ctx: DocContext): EngineVersionItem {
  const item: ItemContext = { itemType: 'required_engine_version', itemName: '', span };
  const scalar = decodeScalar(map, 'required_engine_version', ctx, item, false);
  const text = scalar?.value ?? '';
  // An unsigned integer N means 0.N.0; since 0.37 a semver string is accepted too.
  if (/^\+?[0-9]+$/.test(text)) {
    decodeUint(map, 'required_engine_version', ctx, item, false);
    return { kind: 'required_engine_version', span, version: text, major: 0, minor: Number(text), patch: 0 };
  }
  const semver = parseSemver(text);
  if (semver === undefined) {
    throw new LoadError(
      rawProblem(
        'LOAD_ERR_YAML_VALIDATE',
        `Unable to parse engine version '${text}' as a semver string. Expected "x.y.z" semver format.`,
        'required_engine_version',
        '',
        scalar?.span ?? span,
      ),
    );
  }
  return { kind: 'required_engine_version', span, version: text, ...semver };
}

/** Parses `x.y.z` like libsinsp's `sinsp_version` (a trailing suffix is tolerated). */
export function parseSemver(text: string): { major: number; minor: number; patch: number } | undefined {
  const match = /^([0-9]+)\.([0-9]+)\.([0-9]+)/.exec(text);
  if (match === null) {
    return undefined;
  }
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

function readPluginVersions(map: YAMLMap, span: Span, ctx: DocContext, warnings: RawProblem[]): PluginVersionsItem {
  const unknownKeys = (entry: YAMLMap, allowed: readonly string[], itemType: 'required plugin versions entry' | 'required plugin versions alternative', name: string): void => {
    for (const pair of entry.items) {
      const key = keyText(pair);
      if (!allowed.includes(key)) {
        warnings.push(rawProblem('LOAD_UNKNOWN_KEY', `Unknown key '${key}'. The key will be ignored.`, itemType, name, nodeSpan(pair.key as never, ctx, span)));
      }
    }
  };
  const node = getValue(map, 'required_plugin_versions', ctx) ?? null;
  const seqSpan = nodeSpan(node, ctx, span);
  const problem = (message: string, itemType: 'required plugin versions' | 'required plugin versions entry' | 'required plugin versions alternative', name: string, at: Span): never => {
    throw new LoadError(rawProblem('LOAD_ERR_YAML_VALIDATE', message, itemType, name, at));
  };
  if (!isSeq(node)) {
    return problem('Value of required_plugin_versions must be a sequence', 'required plugin versions', '', seqSpan);
  }
  const item: PluginVersionsItem = { kind: 'required_plugin_versions', span, requirements: [] };
  for (const element of node.items) {
    const entry = deref(element, ctx);
    const entrySpan = nodeSpan(entry, ctx, seqSpan);
    if (!isMap(entry)) {
      return problem('Plugin version must be a mapping', 'required plugin versions entry', '', entrySpan);
    }
    const tmp: ItemContext = { itemType: 'required plugin versions entry', itemName: '', span: entrySpan };
    const name = decodeScalar(entry, 'name', ctx, tmp, false)?.value ?? '';
    const version = decodeScalar(entry, 'version', ctx, { ...tmp, itemName: name }, false)?.value ?? '';
    unknownKeys(entry, ['name', 'version', 'alternatives'], 'required plugin versions entry', name);
    const alternatives = [{ name, version }];
    const altNode = getValue(entry, 'alternatives', ctx);
    if (altNode !== undefined) {
      if (!isSeq(altNode)) {
        return problem('Value of plugin version alternatives must be a sequence', 'required plugin versions entry', name, nodeSpan(altNode, ctx, entrySpan));
      }
      for (const altElement of altNode.items) {
        const alt = deref(altElement, ctx);
        const altSpan = nodeSpan(alt, ctx, entrySpan);
        if (!isMap(alt)) {
          return problem('Plugin version alternative must be a mapping', 'required plugin versions alternative', '', altSpan);
        }
        const altCtx: ItemContext = { itemType: 'required plugin versions alternative', itemName: '', span: altSpan };
        const altName = decodeScalar(alt, 'name', ctx, altCtx, false)?.value ?? '';
        const altVersion = decodeScalar(alt, 'version', ctx, { ...altCtx, itemName: altName }, false)?.value ?? '';
        unknownKeys(alt, ['name', 'version'], 'required plugin versions alternative', altName);
        alternatives.push({ name: altName, version: altVersion });
      }
    }
    item.requirements.push({ span: entrySpan, alternatives });
  }
  return item;
}

/** A YAML syntax error message in yaml-cpp's shape, with 1-based line and column. */
function yamlMessage(text: string, message: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let idx = text.indexOf('\n'); idx !== -1 && idx < offset; idx = text.indexOf('\n', idx + 1)) {
    line++;
    lineStart = idx + 1;
  }
  const firstLine = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return `yaml: error at line ${line}, column ${offset - lineStart + 1}: ${firstLine}`;
}

