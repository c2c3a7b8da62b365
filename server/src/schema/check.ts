/**
 * Checks schema trees (`yamlTree.ts`) against the rules schema (`ruleSchema.ts`) the way
 * Falco applies it: valijson with weak types over yaml-cpp nodes. What that means, read from
 * valijson's YamlCppAdapter and BasicAdapter:
 * - "string" accepts any node (the adapter calls every yaml-cpp node a string), so a
 *   sequence under `desc` or inside `tags` is not reported;
 * - "boolean" accepts only the scalar texts `true` and `false` (not `yes`, `True`, `on`);
 * - "integer" accepts a scalar that reads whole as a signed 64-bit decimal integer;
 * - "sequence"/"mapping" accept only a sequence/mapping (a null value is neither);
 * - a string list (`oneOf`, JSON's enum) compares exactly, so `priority: info` is reported
 *   although the loader accepts any case.
 * It reports each failing node once, with our own wording and a JSON-pointer-like path;
 * valijson's texts and its extra "Failed to validate item #N" parent lines are not copied.
 * It does not know about files or the CLI.
 */
import { type RuleSchema, type SchemaType, type Shape } from './ruleSchema';
import { type SchemaNode } from './yamlTree';

/** One schema failure: where (document, path, offsets) and what. */
export interface SchemaFinding {
  /** 0-based index of the YAML document in the file. */
  document: number;
  /** Keys and element indexes from the document root to the node. */
  path: (string | number)[];
  /** What is wrong, in a sentence without the path. */
  problem: string;
  /** `[start, end)` offsets of the node the finding is about (for an unknown key, the key). */
  start: number;
  end: number;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Every failure of every document, in document order and then source order. */
export function checkDocuments(documents: readonly SchemaNode[], schema: RuleSchema): SchemaFinding[] {
  const findings: SchemaFinding[] = [];
  documents.forEach((node, document) => {
    checkNode(node, schema.document, [], { document, schema, findings });
  });
  return findings;
}

interface CheckContext {
  document: number;
  schema: RuleSchema;
  findings: SchemaFinding[];
}

function checkNode(node: SchemaNode, shape: Shape, path: (string | number)[], ctx: CheckContext): void {
  const report = (problem: string, start = node.start, end = node.end): void => {
    ctx.findings.push({ document: ctx.document, path, problem, start, end });
  };
  if (shape.ref !== undefined) {
    checkNode(node, ctx.schema.shapes[shape.ref], path, ctx);
  }
  if (shape.anyOf !== undefined) {
    const matches = shape.anyOf.some((option) => {
      const trial: CheckContext = { ...ctx, findings: [] };
      checkNode(node, option, path, trial);
      return trial.findings.length === 0;
    });
    if (!matches) {
      report(`${describe(node)} matches none of the allowed forms (${shape.anyOf.map(shapeName).join(', ')})`);
      return;
    }
  }
  if (shape.type !== undefined && !hasType(node, shape.type)) {
    report(`expected ${typeName(shape.type)}, found ${describe(node)}`);
    return;
  }
  if (shape.oneOf !== undefined) {
    checkOneOf(node, shape.oneOf, report);
  }
  if (node.kind === 'mapping') {
    checkMapping(node, shape, path, ctx, report);
  }
  if (node.kind === 'sequence' && shape.each !== undefined) {
    const each = shape.each;
    node.items.forEach((item, itemIdx) => checkNode(item, each, [...path, itemIdx], ctx));
  }
}

function checkOneOf(node: SchemaNode, allowed: readonly string[], report: (problem: string) => void): void {
  const text = node.kind === 'scalar' ? node.text : undefined;
  if (text !== undefined && allowed.includes(text)) {
    return;
  }
  const sameLetters = text === undefined ? undefined : allowed.find((value) => value.toLowerCase() === text.toLowerCase());
  const hint = sameLetters === undefined ? '' : ` (the schema spells it ${JSON.stringify(sameLetters)}: it compares case-sensitively, the loader does not)`;
  report(`${describe(node)} is not one of ${allowed.join(', ')}${hint}`);
}

function checkMapping(
  node: Extract<SchemaNode, { kind: 'mapping' }>,
  shape: Shape,
  path: (string | number)[],
  ctx: CheckContext,
  report: (problem: string, start?: number, end?: number) => void,
): void {
  const keys = shape.keys ?? {};
  for (const entry of node.entries) {
    const keyShape = Object.prototype.hasOwnProperty.call(keys, entry.key) ? keys[entry.key] : undefined;
    if (keyShape !== undefined) {
      checkNode(entry.value, keyShape, [...path, entry.key], ctx);
    } else if (shape.closed === true) {
      ctx.findings.push({
        document: ctx.document,
        path,
        problem: `unknown key ${JSON.stringify(entry.key)} (the schema allows no other keys here)`,
        start: entry.keyStart,
        end: entry.keyEnd,
      });
    }
  }
  for (const required of shape.required ?? []) {
    if (!node.entries.some((entry) => entry.key === required)) {
      report(`missing required key ${JSON.stringify(required)}`);
    }
  }
  if (shape.minKeys !== undefined && node.entries.length < shape.minKeys) {
    report(`expected at least ${shape.minKeys} key${shape.minKeys === 1 ? '' : 's'}, found ${node.entries.length}`);
  }
}

/** Whether valijson (weak types, yaml-cpp adapter) accepts `node` as `type`. */
function hasType(node: SchemaNode, type: SchemaType): boolean {
  switch (type) {
    case 'string':
      return true;
    case 'boolean':
      return node.kind === 'scalar' && (node.text === 'true' || node.text === 'false');
    case 'integer':
      return node.kind === 'scalar' && isInt64Text(node.text);
    case 'sequence':
      return node.kind === 'sequence';
    case 'mapping':
      return node.kind === 'mapping';
  }
}

/** Reads like `std::istringstream >> int64_t` consuming the whole text: optional leading blanks, a sign, digits. */
function isInt64Text(text: string): boolean {
  const match = /^[ \t\n\r\f\v]*([+-]?)(\d+)$/.exec(text);
  if (match === null) {
    return false;
  }
  const value = BigInt(`${match[1] === '-' ? '-' : ''}${match[2]}`);
  return value >= INT64_MIN && value <= INT64_MAX;
}

function typeName(type: SchemaType): string {
  switch (type) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean (true or false)';
    case 'integer':
      return 'an integer';
    case 'sequence':
      return 'a sequence';
    case 'mapping':
      return 'a mapping';
  }
}

function shapeName(shape: Shape): string {
  return shape.type !== undefined ? typeName(shape.type) : shape.ref !== undefined ? shape.ref : 'a value';
}

/** The node in a few words, for messages. */
function describe(node: SchemaNode): string {
  switch (node.kind) {
    case 'null':
      return 'an empty value';
    case 'scalar': {
      const shown = node.text.length > 40 ? `${node.text.slice(0, 37)}...` : node.text;
      return `the scalar ${JSON.stringify(shown)}`;
    }
    case 'sequence':
      return 'a sequence';
    case 'mapping':
      return 'a mapping';
  }
}
