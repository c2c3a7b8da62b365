/**
 * Aggregation across runs: every latency metric of profile.json is a Spread (mean, standard
 * deviation, min and max over the runs), and histograms of several runs merge bucket by
 * bucket. Also converts ticks to ns and cycles with the run's calibration. Pure functions.
 */
import type { RawHistogram } from './job';

/** A metric over several runs. With one run, stddev is 0 and min = max = mean. */
export interface Spread {
  mean: number;
  stddev: number;
  min: number;
  max: number;
}

/** Mean, population standard deviation, min and max. Empty input gives zeros. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { mean: 0, stddev: 0, min: 0, max: 0 };
  const mean = values.reduce((acc, value) => acc + value, 0) / values.length;
  const variance = values.reduce((acc, value) => acc + (value - mean) ** 2, 0) / values.length;
  return { mean: round(mean), stddev: round(Math.sqrt(variance)), min: round(Math.min(...values)), max: round(Math.max(...values)) };
}

/** Rounds to 3 decimals (sub-picosecond digits are noise). */
export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** One bucket of a merged histogram, in ns (and cycles when the clock counts cycles). */
export interface HistogramBucket {
  low_ns: number;
  high_ns: number;
  low_cycles?: number;
  high_cycles?: number;
  count: number;
}

/** Sums the buckets of several runs' histograms (same tick bounds) into ns buckets. */
export function mergeBuckets(histograms: readonly RawHistogram[], nsPerTick: number, cycles: boolean): HistogramBucket[] {
  const byLow = new Map<number, [number, number, number]>();
  for (const histogram of histograms) {
    for (const [low, high, count] of histogram.buckets) {
      const entry = byLow.get(low);
      if (entry === undefined) byLow.set(low, [low, high, count]);
      else entry[2] += count;
    }
  }
  return [...byLow.values()]
    .sort((a, b) => a[0] - b[0])
    .map(([low, high, count]) => ({
      low_ns: round(low * nsPerTick),
      high_ns: round(high * nsPerTick),
      ...(cycles ? { low_cycles: low, high_cycles: high } : {}),
      count,
    }));
}

/**
 * Samples longer than this many times the median are counted as interrupted: on a shared
 * host a preemption or an interrupt inside one timed evaluation adds microseconds to
 * milliseconds, orders of magnitude above any rule's own spread.
 */
export const INTERRUPTED_FACTOR = 64;
/** The median never counts as less than this many ticks when setting the cutoff. */
const MIN_MEDIAN_TICKS = 16;

/**
 * A histogram's cost without interrupted samples, in ticks: the samples below
 * INTERRUPTED_FACTOR × p50, each estimated by its bucket's midpoint (exact below 8 ticks,
 * within 12.5 % above), clamped to [min, max]; the exact total when none is left out.
 * `interrupted` counts the samples left out.
 */
export function robustTotal(histogram: RawHistogram): { ticks: number; interrupted: number } {
  const cutoff = INTERRUPTED_FACTOR * Math.max(histogram.p50, MIN_MEDIAN_TICKS);
  let ticks = 0;
  let interrupted = 0;
  for (const [low, high, count] of histogram.buckets) {
    if (low >= cutoff) {
      interrupted += count;
      continue;
    }
    const middle = Math.min(Math.max((low + high - 1) / 2, histogram.min), histogram.max);
    ticks += middle * count;
  }
  // Nothing left out: the exact total beats the midpoint estimate.
  return interrupted === 0 ? { ticks: histogram.total, interrupted } : { ticks, interrupted };
}
