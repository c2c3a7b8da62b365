/**
 * Test helper: finds the fields a rules file uses, without the real condition parser (so the
 * catalog tests do not depend on it). A field use is a dotted name standing where a field can
 * stand: before a comparison operator, inside a transformer call, after `%` in an output, or
 * in an exception's `fields`. Values (after an operator, inside lists) are never reported.
 * It does not resolve macros or check anything itself.
 */
import * as fs from 'fs';
import { parse } from 'yaml';

/** One use of a field in a rules file. */
export interface FieldUse {
  file: string;
  item: string;
  source: string;
  where: 'condition' | 'output' | 'exception';
  field: string;
  /** The `[...]` argument as written, if any. */
  arg?: string;
  /** The comparison operator after the field in a condition (undefined inside transformers). */
  op?: string;
}

const NAME = '[a-zA-Z][a-zA-Z0-9_]*(?:\\.[a-zA-Z0-9_]+)+';
const OPERATORS = [
  '==', '=', '!=', '<=', '<', '>=', '>', 'contains', 'icontains', 'bcontains', 'startswith',
  'bstartswith', 'endswith', 'glob', 'iglob', 'regex', 'intersects', 'in', 'pmatch', 'exists',
];
const TRANSFORMERS = ['tolower', 'toupper', 'b64', 'basename', 'len', 'val', 'join', 'concat', 'getopt'];

const CHECK_RE = new RegExp(
  `(?<![\\w.%])(${NAME})(?:\\[([^\\]]*)\\])?\\s*(==|=|!=|<=|<|>=|>|[a-z]+\\b)`,
  'g',
);
const TRANSFORMED_RE = new RegExp(`\\b(?:${TRANSFORMERS.join('|')})\\(\\s*(${NAME})(?:\\[([^\\]]*)\\])?`, 'g');
const OUTPUT_RE = new RegExp(`%[0-9]*(?:(?:${TRANSFORMERS.join('|')})\\()?(${NAME})(?:\\[([^\\]]*)\\])?`, 'g');

interface RulesItem {
  rule?: string;
  macro?: string;
  list?: string;
  condition?: unknown;
  output?: unknown;
  source?: unknown;
  exceptions?: { name?: string; fields?: unknown }[];
  append?: unknown;
  override?: unknown;
}

/** The source of every rule defined (not appended to) in `files`, by rule name. */
export function ruleSourcesOfFiles(files: string[]): Map<string, string> {
  const sources = new Map<string, string>();
  for (const file of files) {
    for (const item of readItems(file)) {
      if (item.rule !== undefined && item.append === undefined && item.override === undefined) {
        sources.set(item.rule, typeof item.source === 'string' ? item.source : 'syscall');
      }
    }
  }
  return sources;
}

function readItems(file: string): RulesItem[] {
  return (parse(fs.readFileSync(file, 'utf8')) ?? []) as RulesItem[];
}

/**
 * Every field use in the rules file at `file`. Macros take the source of the file's rules; a
 * rule that appends to or overrides another without naming a source takes that rule's source
 * from `ruleSources` (see `ruleSourcesOfFiles`).
 */
export function fieldUsesOfFile(file: string, ruleSources: Map<string, string> = new Map()): FieldUse[] {
  const items = readItems(file);
  const definedSources = new Set(
    items.filter((item) => item.rule !== undefined).map((item) => (typeof item.source === 'string' ? item.source : 'syscall')),
  );
  const fileSource = definedSources.size === 1 ? [...definedSources][0] ?? 'syscall' : 'syscall';
  const uses: FieldUse[] = [];
  for (const item of items) {
    const name = item.rule ?? item.macro;
    if (name === undefined) {
      continue;
    }
    const modifies = item.append !== undefined || item.override !== undefined;
    let source = fileSource;
    if (typeof item.source === 'string') {
      source = item.source;
    } else if (item.rule !== undefined) {
      source = modifies ? ruleSources.get(item.rule) ?? 'syscall' : 'syscall';
    }
    const base = { file, item: name, source };
    if (typeof item.condition === 'string') {
      uses.push(...conditionUses(item.condition).map((use) => ({ ...base, where: 'condition' as const, ...use })));
    }
    if (typeof item.output === 'string') {
      uses.push(...outputUses(item.output).map((use) => ({ ...base, where: 'output' as const, ...use })));
    }
    for (const exception of item.exceptions ?? []) {
      const fields = Array.isArray(exception.fields) ? exception.fields : [exception.fields];
      for (const field of fields) {
        if (typeof field === 'string') {
          uses.push({ ...base, where: 'exception', field });
        }
      }
    }
  }
  return uses;
}

/** Field uses in a condition: checks (field followed by an operator) and transformer arguments. */
export function conditionUses(condition: string): { field: string; arg?: string; op?: string }[] {
  const text = blankQuotedStrings(condition);
  const uses: { field: string; arg?: string; op?: string }[] = [];
  for (const match of text.matchAll(CHECK_RE)) {
    const op = match[3] ?? '';
    if (OPERATORS.includes(op) && match[1] !== undefined) {
      uses.push(withArg(match[1], match[2], op));
    }
  }
  for (const match of text.matchAll(TRANSFORMED_RE)) {
    if (match[1] !== undefined) {
      uses.push(withArg(match[1], match[2], undefined));
    }
  }
  return uses;
}

/** Field uses in an output format: `%field`, `%field[arg]`, `%tolower(field)`. */
export function outputUses(output: string): { field: string; arg?: string }[] {
  const uses: { field: string; arg?: string }[] = [];
  for (const match of output.matchAll(OUTPUT_RE)) {
    if (match[1] !== undefined) {
      uses.push(withArg(match[1], match[2], undefined));
    }
  }
  return uses;
}

function withArg(field: string, arg: string | undefined, op: string | undefined): { field: string; arg?: string; op?: string } {
  const use: { field: string; arg?: string; op?: string } = { field };
  if (arg !== undefined) {
    use.arg = arg;
  }
  if (op !== undefined) {
    use.op = op;
  }
  return use;
}

/** Replaces the inside of '...' and "..." strings with blanks, keeping offsets. */
function blankQuotedStrings(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let idx = 0; idx < text.length; idx++) {
    const ch = text[idx] ?? '';
    if (quote === undefined) {
      if (ch === '"' || ch === "'") {
        quote = ch;
      }
      out += ch;
    } else if (ch === '\\') {
      out += '  ';
      idx++;
    } else if (ch === quote) {
      quote = undefined;
      out += ch;
    } else {
      out += ' ';
    }
  }
  return out;
}
