/**
 * Builds the `yaml` package's node objects (Scalar, YAMLMap, YAMLSeq, Pair) for the fast
 * reader, cheaply. The package's constructors mark each node with
 * `Object.defineProperty`, a slow runtime call per node; here the same mark (the
 * registered symbol `yaml.node.type`) is an ordinary property of an object created from the
 * class's prototype, so `isScalar`, `isMap`, `instanceof` and every method still work. A
 * self-check at load time falls back to the constructors if the package ever marks nodes
 * differently. Nodes built here keep their range as two numbers (`FastRanged`), not as
 * the package's three-element array: the array is allocated only if `range` is read (the
 * reader reads the numbers: `nodeSpan` and `toScalar` in yamlNodes.ts); a pair keeps its
 * plain key's text and makes the key node only if `key` is read. It parses nothing.
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

/*
 * The nodes are instances of small classes of their own whose prototypes are re-parented
 * onto the package's: constructed objects are sized exactly by V8 (an `Object.create` object
 * gets its properties a few at a time, ~30 bytes more per node), and each class computes the
 * package's `range` array only when it is read.
 */

function rangeOf(node: FastRanged): [number, number, number] {
  return [node.fastStart, node.fastEnd, node.fastEnd];
}

class FastScalarNode implements FastRanged {
  value: string;
  type: Scalar.Type;
  fastStart: number;
  fastEnd: number;
  constructor(value: string, type: Scalar.Type, start: number, end: number) {
    this.value = value;
    this.type = type;
    this.fastStart = start;
    this.fastEnd = end;
  }
  get range(): [number, number, number] {
    return rangeOf(this);
  }
}

class FastMapNode implements FastRanged {
  items: Pair[];
  fastStart: number;
  fastEnd: number;
  constructor(items: Pair[], start: number, end: number) {
    this.items = items;
    this.fastStart = start;
    this.fastEnd = end;
  }
  get range(): [number, number, number] {
    return rangeOf(this);
  }
}

class FastSeqNode implements FastRanged {
  items: unknown[];
  fastStart: number;
  fastEnd: number;
  constructor(items: unknown[], start: number, end: number) {
    this.items = items;
    this.fastStart = start;
    this.fastEnd = end;
  }
  get range(): [number, number, number] {
    return rangeOf(this);
  }
}

/**
 * A pair whose key is a plain scalar: the key's text and range are kept, and its node is made
 * only if `key` is read (the reader reads `fastKey` through `keyText`; a cold load of the
 * official files has ~1700 keys).
 */
class FastPairNode {
  value: Node;
  fastKey: string;
  private m_keyStart: number;
  private m_keyEnd: number;
  private m_key: Node | undefined;
  constructor(key: string, keyStart: number, keyEnd: number, value: Node) {
    this.value = value;
    this.fastKey = key;
    this.m_keyStart = keyStart;
    this.m_keyEnd = keyEnd;
    this.m_key = undefined;
  }
  get key(): Node {
    this.m_key ??= new FastScalarNode(this.fastKey, 'PLAIN', this.m_keyStart, this.m_keyEnd) as unknown as Node;
    return this.m_key;
  }
  set key(node: Node) {
    this.m_key = node;
  }
}

Object.setPrototypeOf(FastScalarNode.prototype, Scalar.prototype);
Object.setPrototypeOf(FastMapNode.prototype, YAMLMap.prototype);
Object.setPrototypeOf(FastSeqNode.prototype, YAMLSeq.prototype);
Object.setPrototypeOf(FastPairNode.prototype, Pair.prototype);
// The package's mark is read as a property (`node[NODE_TYPE] === SCALAR`): one on each
// class's prototype marks every node of the class (8 bytes less per node than an own one).
(FastScalarNode.prototype as unknown as Marked)[NODE_TYPE] = SCALAR;
(FastMapNode.prototype as unknown as Marked)[NODE_TYPE] = MAP;
(FastSeqNode.prototype as unknown as Marked)[NODE_TYPE] = SEQ;
(FastPairNode.prototype as unknown as Marked)[NODE_TYPE] = PAIR;

function scalarFast(value: string, type: Scalar.Type, start: number, end: number): Scalar {
  return new FastScalarNode(value, type, start, end) as unknown as Scalar;
}

function mapFast(items: Pair[], start: number, end: number): YAMLMap {
  return new FastMapNode(items, start, end) as unknown as YAMLMap;
}

function seqFast(items: unknown[], start: number, end: number): YAMLSeq {
  return new FastSeqNode(items, start, end) as unknown as YAMLSeq;
}

function keyPairFast(key: string, keyStart: number, keyEnd: number, value: Node): Pair {
  return new FastPairNode(key, keyStart, keyEnd, value) as unknown as Pair;
}

/** True when nodes built here are recognised as the package's own. */
function selfCheck(): boolean {
  const scalar = scalarFast('x', 'PLAIN', 0, 1);
  const map = mapFast([], 0, 0);
  const seq = seqFast([], 0, 0);
  const pair = keyPairFast('k', 0, 1, seq);
  return (
    isScalar(scalar) && isMap(map) && isSeq(seq) && isPair(pair) && isScalar(pair.key) && scalar instanceof Scalar && map instanceof YAMLMap && !isMap(seq) && !isScalar(pair)
  );
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
/** A block or flow mapping node of `items` written at `[start, end)`. */
export const newMap: (items: Pair[], start: number, end: number) => YAMLMap = fast
  ? mapFast
  : (items, start, end) => Object.assign(ranged(new YAMLMap(), start, end), { items });
/** A sequence node of `items` written at `[start, end)`. */
export const newSeq: (items: unknown[], start: number, end: number) => YAMLSeq = fast
  ? seqFast
  : (items, start, end) => Object.assign(ranged(new YAMLSeq(), start, end), { items });
/** A pair whose key is the plain scalar `key` written at `[keyStart, keyEnd)`. */
export const newKeyPair: (key: string, keyStart: number, keyEnd: number, value: Node) => Pair = fast
  ? keyPairFast
  : (key, keyStart, keyEnd, value) => new Pair(newScalar(key, 'PLAIN', keyStart, keyEnd), value);

/** The key text of a pair built here, without making its key node (undefined for other pairs). */
export function fastKeyText(pair: Pair): string | undefined {
  return (pair as unknown as Partial<FastPairNode>).fastKey;
}

/** Sets the end of a node built here. */
export function setNodeEnd(node: YAMLMap | YAMLSeq | Scalar, end: number): void {
  const ranged = node as unknown as FastRanged;
  ranged.fastEnd = end;
  if (!fast) {
    node.range = [ranged.fastStart, end, end];
  }
}
