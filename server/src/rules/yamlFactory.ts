/**
 * Builds the `yaml` package's node objects (Scalar, YAMLMap, YAMLSeq, Pair) for the fast
 * reader, cheaply. The package's constructors mark each node with
 * `Object.defineProperty`, a slow runtime call per node; here the same mark (the
 * registered symbol `yaml.node.type`) is an ordinary property of an object created from the
 * class's prototype, so `isScalar`, `isMap`, `instanceof` and every method still work. A
 * self-check at load time falls back to the constructors if the package ever marks nodes
 * differently. It parses nothing.
 */
import { isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLMap, YAMLSeq, type Node } from 'yaml';

const NODE_TYPE = Symbol.for('yaml.node.type');
const SCALAR = Symbol.for('yaml.scalar');
const MAP = Symbol.for('yaml.map');
const SEQ = Symbol.for('yaml.seq');
const PAIR = Symbol.for('yaml.pair');

type Marked = Record<symbol, unknown>;

function scalarFast(value: string): Scalar {
  const node = Object.create(Scalar.prototype) as Scalar & Marked;
  node[NODE_TYPE] = SCALAR;
  node.value = value;
  return node;
}

function mapFast(): YAMLMap {
  const node = Object.create(YAMLMap.prototype) as YAMLMap & Marked;
  node[NODE_TYPE] = MAP;
  node.items = [];
  return node;
}

function seqFast(): YAMLSeq {
  const node = Object.create(YAMLSeq.prototype) as YAMLSeq & Marked;
  node[NODE_TYPE] = SEQ;
  node.items = [];
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
  const scalar = scalarFast('x');
  const map = mapFast();
  const seq = seqFast();
  const pair = pairFast(scalar, seq);
  return isScalar(scalar) && isMap(map) && isSeq(seq) && isPair(pair) && scalar instanceof Scalar && map instanceof YAMLMap && !isMap(seq) && !isScalar(pair);
}

const fast = selfCheck();

/** A plain scalar node holding `value` (type and range are the caller's). */
export const newScalar: (value: string) => Scalar = fast ? scalarFast : (value) => new Scalar(value);
/** An empty block or flow mapping node. */
export const newMap: () => YAMLMap = fast ? mapFast : () => new YAMLMap();
/** An empty sequence node. */
export const newSeq: () => YAMLSeq = fast ? seqFast : () => new YAMLSeq();
/** A key/value pair. */
export const newPair: (key: Node, value: Node) => Pair = fast ? pairFast : (key, value) => new Pair(key, value);
