/**
 * Event-type sets (§7): the event codes a syscall rule is indexed under, computed on the
 * final tree with set algebra (`and` = intersection, `or` = union, `not` pushed to the
 * leaves with De Morgan). Leaves `evt.type = X`, `evt.type in (...)` and `evt.type != X`
 * restrict; every other check is neutral ("all"). `syscall.type` counts as `evt.type`.
 * Libs HEAD (unreleased) also resolves `evt.num` invariants; like every released Falco we
 * treat `evt.num` checks as neutral. Shared subtrees are computed once per call.
 */
import { allEventCodes, eventCodesForName } from '../fields/eventTable';
import { type CheckExpr } from '../condition';
import { type XExpr } from './tree';

/** A set of event codes as a bitset over the event table. */
export class EventSet {
  constructor(readonly words: Uint32Array) {}

  static empty(): EventSet {
    return new EventSet(new Uint32Array(wordCount()));
  }

  static all(): EventSet {
    const set = EventSet.empty();
    for (const code of allEventCodes()) {
      set.words[code >>> 5] |= 1 << (code & 31);
    }
    return set;
  }

  static of(codes: readonly number[]): EventSet {
    const set = EventSet.empty();
    for (const code of codes) {
      set.words[code >>> 5] |= 1 << (code & 31);
    }
    return set;
  }

  union(other: EventSet): EventSet {
    const words = this.words.slice();
    orInto(words, other.words);
    return new EventSet(words);
  }

  intersect(other: EventSet): EventSet {
    const words = this.words.slice();
    andInto(words, other.words);
    return new EventSet(words);
  }

  complement(): EventSet {
    const universe = universeSet().words;
    const words = new Uint32Array(this.words.length);
    for (let idx = 0; idx < words.length; idx++) {
      words[idx] = ~this.words[idx] & universe[idx];
    }
    return new EventSet(words);
  }

  /** Number of codes in the set. */
  size(): number {
    let count = 0;
    for (const word of this.words) {
      let bits = word >>> 0;
      while (bits !== 0) {
        bits &= bits - 1;
        count++;
      }
    }
    return count;
  }

  /** True when the set holds every event code. */
  isAll(): boolean {
    return this.size() === universeSet().size();
  }

  /** The codes, ascending. */
  codes(): number[] {
    const codes: number[] = [];
    this.words.forEach((word, wordIdx) => {
      for (let bit = 0; bit < 32; bit++) {
        if ((word >>> bit) & 1) {
          codes.push(wordIdx * 32 + bit);
        }
      }
    });
    return codes;
  }
}

function orInto(into: Uint32Array, from: Uint32Array): void {
  for (let idx = 0; idx < into.length; idx++) {
    into[idx] |= from[idx];
  }
}

function andInto(into: Uint32Array, from: Uint32Array): void {
  for (let idx = 0; idx < into.length; idx++) {
    into[idx] &= from[idx];
  }
}

let cachedUniverse: EventSet | undefined;
let cachedWordCount: number | undefined;

function wordCount(): number {
  cachedWordCount ??= (Math.max(0, ...allEventCodes()) >>> 5) + 1;
  return cachedWordCount;
}

function universeSet(): EventSet {
  cachedUniverse ??= EventSet.all();
  return cachedUniverse;
}

/**
 * The results of one `eventTypeSet` call for its `and`/`or` nodes, by negation: a macro's
 * tree is shared wherever the macro is used, so without them a tree of macros using macros
 * could take exponential time. Per call rather than per node across calls: a cold load
 * computes some 150 sets over a few thousand nodes, and a WeakMap entry per node cost more
 * than recomputing shared subtrees once per rule (measured).
 */
type Memo = [positive: Map<XExpr, EventSet> | undefined, negative: Map<XExpr, EventSet> | undefined];

/** The event-type set of a tree (of its negation when `negated`). */
export function eventTypeSet(node: XExpr, negated = false): EventSet {
  return setOf(node, negated, undefined);
}

function setOf(node: XExpr, negated: boolean, memo: Memo | undefined): EventSet {
  // Leaves and `not` are cheap to recompute; remembering them would cost more than it saves.
  if (node.kind === 'not') {
    return setOf(node.child, !negated, memo);
  }
  if (node.kind === 'check') {
    return isEvtTypeLeaf(node.check) ? leafSetCached(node.check, negated) : universeSet();
  }
  if (node.kind !== 'and' && node.kind !== 'or') {
    return universeSet();
  }
  memo ??= [undefined, undefined];
  const sign = negated ? 1 : 0;
  const known = (memo[sign] ??= new Map());
  const cached = known.get(node);
  if (cached !== undefined) {
    return cached;
  }
  // `and` (or a negated `or`) intersects, where the universe is neutral; `or` unites, where
  // it absorbs. One new set at most, combined in place: children's sets are never changed.
  const intersect = (node.kind === 'and') !== negated;
  const universe = universeSet();
  let first: EventSet | undefined;
  let words: Uint32Array | undefined;
  let absorbed = false;
  for (const child of node.children) {
    const set = setOf(child, negated, memo);
    if (set === universe) {
      absorbed ||= !intersect;
      continue;
    }
    if (first === undefined) {
      first = set;
      continue;
    }
    words ??= first.words.slice();
    if (intersect) {
      andInto(words, set.words);
    } else {
      orInto(words, set.words);
    }
  }
  const result = absorbed || first === undefined ? universe : words !== undefined ? new EventSet(words) : first;
  known.set(node, result);
  return result;
}

/**
 * `evt.type` leaves' sets by parsed check (and negation): few (a couple of hundred per cold
 * load) and the same parsed checks come back in every file prefix's compilation.
 */
const leafSets = new WeakMap<CheckExpr, EventSet>();
const negatedLeafSets = new WeakMap<CheckExpr, EventSet>();

function leafSetCached(check: CheckExpr, negated: boolean): EventSet {
  const known = negated ? negatedLeafSets : leafSets;
  let set = known.get(check);
  if (set === undefined) {
    const leaf = leafSet(check);
    set = leaf === undefined ? universeSet() : negated ? leaf.complement() : leaf;
    known.set(check, set);
  }
  return set;
}

/** True for the checks `leafSet` may restrict on: `evt.type` or `syscall.type` compared with a value. */
function isEvtTypeLeaf(check: CheckExpr): boolean {
  const lhs = check.lhs;
  return lhs.kind === 'field' && (lhs.name === 'evt.type' || lhs.name === 'syscall.type') && lhs.arg === undefined && check.rhs !== undefined;
}

/** The set an `evt.type` leaf selects, or undefined for a neutral check. */
function leafSet(check: CheckExpr): EventSet | undefined {
  const lhs = check.lhs;
  if (lhs.kind !== 'field' || (lhs.name !== 'evt.type' && lhs.name !== 'syscall.type') || lhs.arg !== undefined) {
    return undefined;
  }
  const rhs = check.rhs;
  if (rhs === undefined) {
    return undefined;
  }
  let names: string[];
  if (rhs.kind === 'string') {
    names = [rhs.value];
  } else if (rhs.kind === 'list') {
    names = rhs.items.map((item) => item.value);
  } else if (rhs.kind === 'listName') {
    names = [rhs.name];
  } else {
    return undefined;
  }
  const codes = names.flatMap((name) => eventCodesForName(name) ?? []);
  switch (check.op) {
    case '=':
    case 'in':
      return EventSet.of(codes);
    case '!=':
      return EventSet.of(codes).complement();
    default:
      return undefined;
  }
}

/** Falco's threshold: more codes than this gives LOAD_NO_EVTTYPE. */
export const NO_EVTTYPE_THRESHOLD = 100;
