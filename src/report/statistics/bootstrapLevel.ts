import { percentileInterval, UNBOUNDED, withinBounds, type Bounds, type Interval, type ResamplingOptions } from './Interval.ts';

/** A per-instance statistic from the sum and count of its runs' values (a mean, or pass^k of 0/1 successes). */
export type InstanceStat = (sum: number, n: number) => number;

export const meanOf: InstanceStat = (sum, n) => sum / n;

/**
 * The level of a metric for one arm: the mean over instances of the
 * per-instance statistic (every instance weighs the same however many runs
 * it has), with a percentile interval from a bootstrap that resamples
 * **instances**, not runs — runs of one instance are correlated and must not
 * pass for independent evidence. Replicates are rescaled by √(k/(k−1)) (Rao &
 * Wu 1988) so the bootstrap variance is unbiased for k instances rather than
 * (k−1)/k of it, which matters when k is small. With a single instance there
 * is nothing to resample between, so the runs within it are resampled
 * (rescaled likewise): the interval then speaks for that instance only.
 * The interval is kept within the quantity's `bounds` (e.g. [0, 1] for a
 * share), which the rescaling alone could overstep. Null when no instance
 * has a value.
 *
 * @example bootstrapLevel([[1, 0, 1], [0, 0, 1]], meanOf, { rng, resamples: 2000, confidence: 0.95 })
 */
export function bootstrapLevel(clusters: readonly (readonly number[])[], stat: InstanceStat, options: ResamplingOptions, bounds: Bounds = UNBOUNDED): Interval | null {
  const used = clusters.filter((c) => c.length > 0);
  const k = used.length;
  if (k === 0) return null;
  const { rng, resamples } = options;
  const replicates = new Float64Array(resamples);
  if (k === 1) {
    const c = used[0]!;
    const n = c.length;
    const value = stat(sumOf(c), n);
    const scale = n > 1 ? Math.sqrt(n / (n - 1)) : 0;
    for (let b = 0; b < resamples; b++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += c[Math.floor(rng.float() * n)]!;
      replicates[b] = value + scale * (stat(sum, n) - value);
    }
    return withinBounds(percentileInterval(value, replicates, options.confidence), bounds);
  }
  const values = used.map((c) => stat(sumOf(c), c.length));
  const value = values.reduce((s, v) => s + v, 0) / k;
  const scale = Math.sqrt(k / (k - 1));
  for (let b = 0; b < resamples; b++) {
    let total = 0;
    for (let i = 0; i < k; i++) total += values[Math.floor(rng.float() * k)]!;
    replicates[b] = value + scale * (total / k - value);
  }
  return withinBounds(percentileInterval(value, replicates, options.confidence), bounds);
}

function sumOf(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
