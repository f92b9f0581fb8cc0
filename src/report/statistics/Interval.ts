import type { Rng } from '../../determinism/rng.ts';

/** An estimate with its confidence interval. */
export interface Interval {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
}

/** What every resampling procedure takes: its own seeded generator and its sizes. */
export interface ResamplingOptions {
  readonly rng: Rng;
  /** Bootstrap resamples. */
  readonly resamples: number;
  /** Two-sided confidence level, e.g. 0.95. */
  readonly confidence: number;
}

/** The q-quantile of sorted values, linearly interpolated (type 7, as R's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Percentile interval of bootstrap replicates around `value`. */
export function percentileInterval(value: number, replicates: Float64Array, confidence: number): Interval {
  replicates.sort();
  const tail = (1 - confidence) / 2;
  return { value, lo: quantileSorted(replicates, tail), hi: quantileSorted(replicates, 1 - tail) };
}

/** The values a quantity can take: [0, 1] for a share, [0, ∞) for a count or a rate. */
export type Bounds = readonly [min: number, max: number];

/** No bounds: an interval is left as the bootstrap gives it. */
export const UNBOUNDED: Bounds = [-Infinity, Infinity];

/**
 * `interval` with its ends kept within the quantity's bounds. The small-sample rescaling around the estimate
 * can push a percentile past them (a share above 1, a count below 0), where no value of the quantity lies.
 */
export function withinBounds(interval: Interval, [min, max]: Bounds): Interval {
  const clamp = (x: number) => Math.min(Math.max(x, min), max);
  return { value: interval.value, lo: clamp(interval.lo), hi: clamp(interval.hi) };
}
