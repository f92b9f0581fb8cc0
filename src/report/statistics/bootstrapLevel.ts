import { calibratedInterval, noInterval, UNBOUNDED, withinBounds, type Bounds, type Interval, type ResamplingOptions } from './Interval.ts';

/** A per-instance statistic from the sum and count of its runs' values (a mean, or pass^k of 0/1 successes). */
export type InstanceStat = (sum: number, n: number) => number;

export const meanOf: InstanceStat = (sum, n) => sum / n;

/**
 * The level of a metric for one arm: the mean over instances of the
 * per-instance statistic (every instance weighs the same however many runs
 * it has), with a percentile interval from a bootstrap that resamples
 * **instances**, not runs — runs of one instance are correlated and must not
 * pass for independent evidence. Calibrated for few instances (k of them):
 * replicates are rescaled by √(k/(k−1)) (Rao & Wu 1988), so the bootstrap
 * variance is the unbiased s²/k rather than (k−1)/k of it, and each end's
 * distance from the estimate is stretched by t_{k−1}/z (`calibratedInterval`),
 * so that for normal data it is the t interval: the plain percentile
 * interval, a z interval, covered 78% at k = 3 and 88% at k = 5.
 * With a single instance there is nothing to resample between, so the runs
 * within it are resampled (likewise calibrated, n runs → t_{n−1}): the
 * interval then speaks for that instance only. With one unit to resample (one
 * instance of one run) there is no interval (`noInterval`: NaN ends).
 * The interval is kept within the quantity's `bounds` (e.g. [0, 1] for a
 * share), which the calibration alone could overstep. Null when no instance
 * has a value.
 *
 * @example bootstrapLevel([[1, 0, 1], [0, 0, 1]], meanOf, { rng, resamples: 2000, confidence: 0.95 })
 */
export function bootstrapLevel(clusters: readonly (readonly number[])[], stat: InstanceStat, options: ResamplingOptions, bounds: Bounds = UNBOUNDED): Interval | null {
  const used = clusters.filter((c) => c.length > 0);
  const k = used.length;
  if (k === 0) return null;
  const { rng, resamples, confidence } = options;
  const replicates = new Float64Array(resamples);
  if (k === 1) {
    const c = used[0]!;
    const n = c.length;
    const value = stat(sumOf(c), n);
    if (n < 2) return noInterval(value);
    const scale = Math.sqrt(n / (n - 1));
    for (let b = 0; b < resamples; b++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += c[Math.floor(rng.float() * n)]!;
      replicates[b] = value + scale * (stat(sum, n) - value);
    }
    return withinBounds(calibratedInterval(value, replicates, confidence, n - 1), bounds);
  }
  const values = used.map((c) => stat(sumOf(c), c.length));
  const value = values.reduce((s, v) => s + v, 0) / k;
  const scale = Math.sqrt(k / (k - 1));
  for (let b = 0; b < resamples; b++) {
    let total = 0;
    for (let i = 0; i < k; i++) total += values[Math.floor(rng.float() * k)]!;
    replicates[b] = value + scale * (total / k - value);
  }
  return withinBounds(calibratedInterval(value, replicates, confidence, k - 1), bounds);
}

function sumOf(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
