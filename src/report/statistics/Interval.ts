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

/**
 * `interval` with its ends kept within [min, max], the range the statistic can take on the data (a mean of
 * resampled values never leaves their range). The small-sample rescaling around the estimate can push a
 * percentile past it — a share above 1, a count below 0, a difference below 0 when every pair's is ≥ 0 — and
 * no resample could have given such a value.
 */
export function withinRange(interval: Interval, min: number, max: number): Interval {
  return { value: interval.value, lo: Math.min(Math.max(interval.lo, min), max), hi: Math.max(Math.min(interval.hi, max), min) };
}

/** The smallest and largest of `values` (not `Math.min(...values)`, which overflows the stack on large arrays). */
export function extent(values: readonly number[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}
