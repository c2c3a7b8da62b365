/**
 * Reads `data/rules-schema.json`, our own description of the JSON schema Falco (>= 0.39)
 * checks every rules document against, into typed shapes for the checker. It checks the
 * data file's own format (a malformed data file is a bug in the package, so it throws) and
 * caches the result. It does not know how Falco applies the schema; `check.ts` does.
 */
import * as fs from 'fs';
import { dataFile } from '../paths';

/** The JSON types the schema names. `sequence` is JSON's array, `mapping` its object. */
export type SchemaType = 'string' | 'boolean' | 'integer' | 'sequence' | 'mapping';

/** One shape: anything (`{}`), a reference, a choice, or a typed shape with its constraints. */
export interface Shape {
  /** The name of a shape in `RuleSchema.shapes` this shape stands for. */
  ref?: string;
  /** The value must match at least one of these. */
  anyOf?: Shape[];
  type?: SchemaType;
  /** For strings: the only values allowed, compared exactly (case-sensitive). */
  oneOf?: string[];
  /** For mappings: the shape of each known key. */
  keys?: Record<string, Shape>;
  /** For mappings: true when keys outside `keys` are not allowed. */
  closed?: boolean;
  /** For mappings: keys that must be present. */
  required?: string[];
  /** For mappings: the least number of keys. */
  minKeys?: number;
  /** For sequences: the shape of every element. */
  each?: Shape;
}

/** The whole schema: the shape of one YAML document and the named shapes. */
export interface RuleSchema {
  document: Shape;
  shapes: Record<string, Shape>;
}

const TYPES: readonly string[] = ['string', 'boolean', 'integer', 'sequence', 'mapping'];
const SHAPE_KEYS: readonly string[] = ['ref', 'anyOf', 'type', 'oneOf', 'keys', 'closed', 'required', 'minKeys', 'each'];

let cached: RuleSchema | undefined;

/** The schema of `data/rules-schema.json`, read once. */
export function loadRuleSchema(): RuleSchema {
  if (cached === undefined) {
    cached = parseRuleSchema(JSON.parse(fs.readFileSync(dataFile('rules-schema.json'), 'utf8')) as unknown);
  }
  return cached;
}

/** Checks the data file's format and returns it typed; throws on a malformed file. */
export function parseRuleSchema(raw: unknown): RuleSchema {
  if (!isRecord(raw) || !isRecord(raw.shapes)) {
    throw new Error("rules-schema.json: expected an object with 'document' and 'shapes'");
  }
  const shapes: Record<string, Shape> = {};
  for (const [name, shape] of Object.entries(raw.shapes)) {
    shapes[name] = parseShape(shape, `shapes.${name}`);
  }
  const schema: RuleSchema = { document: parseShape(raw.document, 'document'), shapes };
  // Every reference must name a shape.
  const refs: string[] = [];
  collectRefs(schema.document, refs);
  Object.values(shapes).forEach((shape) => collectRefs(shape, refs));
  const missing = refs.find((ref) => !(ref in shapes));
  if (missing !== undefined) {
    throw new Error(`rules-schema.json: reference to unknown shape '${missing}'`);
  }
  return schema;
}

function parseShape(raw: unknown, where: string): Shape {
  if (!isRecord(raw)) {
    throw new Error(`rules-schema.json: ${where} is not an object`);
  }
  const unknownKey = Object.keys(raw).find((key) => !SHAPE_KEYS.includes(key));
  if (unknownKey !== undefined) {
    throw new Error(`rules-schema.json: ${where} has an unknown key '${unknownKey}'`);
  }
  const shape: Shape = {};
  if (raw.ref !== undefined) {
    shape.ref = expectString(raw.ref, `${where}.ref`);
  }
  if (raw.anyOf !== undefined) {
    shape.anyOf = expectArray(raw.anyOf, `${where}.anyOf`).map((entry, idx) => parseShape(entry, `${where}.anyOf[${idx}]`));
  }
  if (raw.type !== undefined) {
    const type = expectString(raw.type, `${where}.type`);
    if (!TYPES.includes(type)) {
      throw new Error(`rules-schema.json: ${where}.type '${type}' is not one of ${TYPES.join(', ')}`);
    }
    shape.type = type as SchemaType;
  }
  if (raw.oneOf !== undefined) {
    shape.oneOf = expectArray(raw.oneOf, `${where}.oneOf`).map((entry, idx) => expectString(entry, `${where}.oneOf[${idx}]`));
  }
  if (raw.keys !== undefined) {
    if (!isRecord(raw.keys)) {
      throw new Error(`rules-schema.json: ${where}.keys is not an object`);
    }
    const keys: Record<string, Shape> = {};
    for (const [key, value] of Object.entries(raw.keys)) {
      keys[key] = parseShape(value, `${where}.keys.${key}`);
    }
    shape.keys = keys;
  }
  if (raw.closed !== undefined) {
    if (typeof raw.closed !== 'boolean') {
      throw new Error(`rules-schema.json: ${where}.closed is not a boolean`);
    }
    shape.closed = raw.closed;
  }
  if (raw.required !== undefined) {
    shape.required = expectArray(raw.required, `${where}.required`).map((entry, idx) => expectString(entry, `${where}.required[${idx}]`));
  }
  if (raw.minKeys !== undefined) {
    if (typeof raw.minKeys !== 'number' || !Number.isInteger(raw.minKeys) || raw.minKeys < 0) {
      throw new Error(`rules-schema.json: ${where}.minKeys is not a non-negative integer`);
    }
    shape.minKeys = raw.minKeys;
  }
  if (raw.each !== undefined) {
    shape.each = parseShape(raw.each, `${where}.each`);
  }
  return shape;
}

function collectRefs(shape: Shape, out: string[]): void {
  if (shape.ref !== undefined) {
    out.push(shape.ref);
  }
  shape.anyOf?.forEach((entry) => collectRefs(entry, out));
  Object.values(shape.keys ?? {}).forEach((entry) => collectRefs(entry, out));
  if (shape.each !== undefined) {
    collectRefs(shape.each, out);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectString(value: unknown, where: string): string {
  if (typeof value !== 'string') {
    throw new Error(`rules-schema.json: ${where} is not a string`);
  }
  return value;
}

function expectArray(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new Error(`rules-schema.json: ${where} is not an array`);
  }
  return value;
}
