/**
 * A small seeded generator for tests that explore generated cases: the same seed gives the
 * same cases on every run, so a failure can be replayed. Not for anything but tests.
 */

/** Numbers in [0, 1), from a linear congruential generator seeded with `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
