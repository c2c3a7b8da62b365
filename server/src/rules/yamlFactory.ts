/**
 * Builds the `yaml` package's node objects (Scalar, YAMLMap, YAMLSeq, Pair) for the fast
 * reader, cheaply. The package's constructors mark each node with
 * `Object.defineProperty`, a slow runtime call per node; here the same mark (the
 * registered symbol `yaml.node.type`) is an ordinary property of an object created from the
 * class's prototype, so `isScalar`, `isMap`, `instanceof` and every method still work. A
 * self-check at load time falls back to the constructors if the package ever marks nodes
 * differently. Nodes built here keep their range as two numbers (`FastRanged`), not as
 * the package's three-element array: the array is allocated only if `range` is read (the
 * reader reads the numbers: `nodeSpan` and `toScalar` in yamlNodes.ts). It parses nothing.
 */
import { isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

const NODE_TYPE = Symbol.for('yaml.node.type');
const SCALAR = Symbol.for('yaml.scalar');
const MAP = Symbol.for('yaml.map');
const SEQ = Symbol.for('yaml.seq');
const PAIR = Symbol.for('yaml.pair');

type Marked = Record<symbol, unknown>;

/** A node's range as numbers: `[fastStart, fastEnd)`, the package's `range` being `[fastStart, fastEnd, fastEnd]`. */
export interface FastRanged {
  fastStart: number;
  fastEnd: number;
}

/** A prototype under `base` whose `range` is computed from `fastStart` and `fastEnd`. */
function rangedPrototype(base: object): object {
  return Object.create(base, {
    range: {
      get(this: FastRanged): [number, number, number] {
        return [this.fastStart, this.fastEnd, this.fastEnd];
      },
      set(this: FastRanged, range: [number, number, number]) {
        this.fastStart = range[0];
        this.fastEnd = range[1];
      },
    },
  }) as object;
}

const SCALAR_PROTO = rangedPrototype(Scalar.prototype);
const MAP_PROTO = rangedPrototype(YAMLMap.prototype);
const SEQ_PROTO = rangedPrototype(YAMLSeq.prototype);

function scalarFast(value: string, type: Scalar.Type, start: number, end: number): Scalar {
  const node = Object.create(SCALAR_PROTO) as Scalar & Marked & FastRanged;
  node[NODE_TYPE] = SCALAR;
  node.value = value;
  node.type = type;
  node.fastStart = start;
  node.fastEnd = end;
  return node;
}

function mapFast(start: number): YAMLMap {
  const node = Object.create(MAP_PROTO) as YAMLMap & Marked & FastRanged;
  node[NODE_TYPE] = MAP;
  node.items = [];
  node.fastStart = start;
  node.fastEnd = start;
  return node;
}

function seqFast(start: number): YAMLSeq {
  const node = Object.create(SEQ_PROTO) as YAMLSeq & Marked & FastRanged;
  node[NODE_TYPE] = SEQ;
  node.items = [];
  node.fastStart = start;
  node.fastEnd = start;
  return node;
}

function pairFast(key: Node, value: Node): Pair {
  const node = Object.create(Pair.prototype) as Pair & Marked;
  node[NODE_TYPE] = PAIR;
  node.key = key;
  node.value = value;
  return node;
}

/** True when nodes built here are recognised as the package's own. */
function selfCheck(): boolean {
  const scalar = scalarFast('x', 'PLAIN', 0, 1);
  const map = mapFast(0);
  const seq = seqFast(0);
  const pair = pairFast(scalar, seq);
  return isScalar(scalar) && isMap(map) && isSeq(seq) && isPair(pair) && scalar instanceof Scalar && map instanceof YAMLMap && !isMap(seq) && !isScalar(pair);
}

const fast = selfCheck();

/** The constructors' way, used when the self-check fails: the node also gets the package's `range` array. */
function ranged<T extends YAMLMap | YAMLSeq | Scalar>(node: T, start: number, end: number): T {
  node.range = [start, end, end];
  return Object.assign(node, { fastStart: start, fastEnd: end });
}

/** A scalar node holding `value`, of `type`, written at `[start, end)`. */
export const newScalar: (value: string, type: Scalar.Type, start: number, end: number) => Scalar = fast
  ? scalarFast
  : (value, type, start, end) => Object.assign(ranged(new Scalar(value), start, end), { type });
/** An empty block or flow mapping node starting at `start` (its end is set by `setNodeEnd`). */
export const newMap: (start: number) => YAMLMap = fast ? mapFast : (start) => ranged(new YAMLMap(), start, start);
/** An empty sequence node starting at `start` (its end is set by `setNodeEnd`). */
export const newSeq: (start: number) => YAMLSeq = fast ? seqFast : (start) => ranged(new YAMLSeq(), start, start);

/** Sets the end of a node built here. */
export function setNodeEnd(node: YAMLMap | YAMLSeq | Scalar, end: number): void {
  const ranged = node as unknown as FastRanged;
  ranged.fastEnd = end;
  if (!fast) {
    node.range = [ranged.fastStart, end, end];
  }
}

/** A key/value pair. */
export const newPair: (key: Node, value: Node) => Pair = fast ? pairFast : (key, value) => new Pair(key, value);
