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
