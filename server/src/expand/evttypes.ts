/**
 * Event-type sets (§7): the event codes a syscall rule is indexed under, computed on the
 * final tree with set algebra (`and` = intersection, `or` = union, `not` pushed to the
 * leaves with De Morgan). Leaves `evt.type = X`, `evt.type in (...)` and `evt.type != X`
 * restrict; every other check is neutral ("all"). `syscall.type` counts as `evt.type`.
 * Libs HEAD (unreleased) also resolves `evt.num` invariants; like every released Falco we
 * treat `evt.num` checks as neutral. Results are cached per shared node.
 */
import { allEventCodes, eventCodesForName } from '../fields/eventTable';
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

const positiveCache = new WeakMap<XExpr, EventSet>();
const negativeCache = new WeakMap<XExpr, EventSet>();

/** The event-type set of a tree (of its negation when `negated`). */
export function eventTypeSet(node: XExpr, negated = false): EventSet {
  // Leaves and `not` are cheap to recompute; caching them would cost more than it saves.
  if (node.kind === 'not') {
    return eventTypeSet(node.child, !negated);
  }
  if (node.kind === 'check' ? !isEvtTypeLeaf(node.check) : node.kind !== 'and' && node.kind !== 'or') {
    return universeSet();
  }
  const cache = negated ? negativeCache : positiveCache;
  const cached = cache.get(node);
  if (cached !== undefined) {
    return cached;
  }
  let result: EventSet;
  switch (node.kind) {
    case 'and':
    case 'or': {
      // `and` (or a negated `or`) intersects, where the universe is neutral; `or` unites,
      // where it absorbs. One new set at most, combined in place: children's sets are
      // cached and never change.
      const intersect = (node.kind === 'and') !== negated;
      const universe = universeSet();
      let first: EventSet | undefined;
      let words: Uint32Array | undefined;
      let absorbed = false;
      for (const child of node.children) {
        const set = eventTypeSet(child, negated);
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
      result = absorbed || first === undefined ? universe : words !== undefined ? new EventSet(words) : first;
      break;
    }
    default: {
      // An `evt.type` leaf (others returned above).
      const leaf = node.kind === 'check' ? leafSet(node.check) : undefined;
      result = leaf === undefined ? universeSet() : negated ? leaf.complement() : leaf;
    }
  }
  cache.set(node, result);
  return result;
}

/** True for the checks `leafSet` may restrict on: `evt.type` or `syscall.type` compared with a value. */
function isEvtTypeLeaf(check: Extract<XExpr, { kind: 'check' }>['check']): boolean {
  const lhs = check.lhs;
  return lhs.kind === 'field' && (lhs.name === 'evt.type' || lhs.name === 'syscall.type') && lhs.arg === undefined && check.rhs !== undefined;
}

/** The set an `evt.type` leaf selects, or undefined for a neutral check. */
function leafSet(check: Extract<XExpr, { kind: 'check' }>['check']): EventSet | undefined {
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
