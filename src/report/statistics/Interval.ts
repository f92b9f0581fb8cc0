import type { Rng } from '../../determinism/rng.ts';
import { normalQuantile, studentQuantile } from './studentQuantile.ts';

/**
 * An estimate with its confidence interval. `lo` and `hi` are NaN when no
 * interval can be estimated — fewer than two units to resample (`noInterval`);
 * summary.json then shows them as null (JSON has no NaN) and the terminal table as "–".
 */
export interface Interval {
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
}

/** `value` without an interval: one unit says nothing about the spread between units. */
export function noInterval(value: number): Interval {
  return { value, lo: Number.NaN, hi: Number.NaN };
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
 * t_{df, (1+confidence)/2} / z_{(1+confidence)/2}: how much wider than a
 * normal-theory interval one must be when the spread is itself estimated from
 * `df` degrees of freedom (12.7/1.96 = 6.5 for df = 1, 4.30/1.96 = 2.2 for 2,
 * 1.04 for 29, → 1 as df grows).
 *
 * @example smallSampleFactor(0.95, 4) // 2.776 / 1.960 = 1.4166
 */
export function smallSampleFactor(confidence: number, df: number): number {
  const p = (1 + confidence) / 2;
  return studentQuantile(p, df) / normalQuantile(p);
}

/**
 * The percentile interval of bootstrap `replicates` with each end's distance
 * from `value` stretched by `smallSampleFactor(confidence, df)`. The caller's
 * replicates are already rescaled so their spread is the unbiased standard
 * error (Rao & Wu 1988); the stretch turns a z-interval into a t-interval
 * (for normal data the result is the Student t interval), while the
 * percentiles keep the bootstrap's asymmetry for skewed or bounded
 * quantities. This is the small-sample correction of Hesterberg's
 * "expanded percentile interval" (Hesterberg 2015, "What teachers should
 * know about the bootstrap", The American Statistician 69(4)), applied by
 * stretching the ends rather than moving to more extreme percentiles, which
 * with three units do not exist (the bootstrap distribution stops at the
 * data's range).
 */
export function calibratedInterval(value: number, replicates: Float64Array, confidence: number, df: number): Interval {
  const { lo, hi } = percentileInterval(value, replicates, confidence);
  const f = smallSampleFactor(confidence, df);
  return { value, lo: value + f * (lo - value), hi: value + f * (hi - value) };
}

/** The values a quantity can take: [0, 1] for a share, [0, ∞) for a count or a rate. */
export type Bounds = readonly [min: number, max: number];

/** No bounds: an interval is left as the bootstrap gives it. */
export const UNBOUNDED: Bounds = [-Infinity, Infinity];

/**
 * `interval` with its ends kept within the quantity's bounds. The small-sample rescaling around the estimate
 * can push a percentile past them (a share above 1, a count below 0), where no value of the quantity lies.
 * A missing interval (NaN ends) stays missing.
 */
export function withinBounds(interval: Interval, [min, max]: Bounds): Interval {
  const clamp = (x: number) => Math.min(Math.max(x, min), max);
  return { value: interval.value, lo: clamp(interval.lo), hi: clamp(interval.hi) };
}
