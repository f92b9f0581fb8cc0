import { bootstrapLevel, meanOf } from './bootstrapLevel.ts';
import { percentileInterval, UNBOUNDED, withinBounds, type Bounds, type Interval, type ResamplingOptions } from './Interval.ts';
import { signFlipTest } from './signFlipTest.ts';

/** The unit a paired comparison resamples and permutes: a pair of runs, or an instance. */
export type PairUnit = 'pair' | 'instance';

/** An arm against the baseline on one metric. */
export interface PairedComparison extends Interval {
  /** Two-sided sign-flip permutation p-value (before multiplicity correction). */
  readonly p: number;
  readonly unit: PairUnit;
  readonly pairs: number;
  readonly instances: number;
}

/**
 * Compare paired differences (arm − baseline), grouped by instance: the
 * estimate is the mean over instances of each instance's mean difference (so
 * it equals the difference of the two arms' levels when every pair is valid).
 *
 * - unit `pair`: instances are strata. The bootstrap resamples pairs within
 *   each instance (rescaled by √(n/(n−1)), Rao & Wu, so small strata do not
 *   shrink the interval; instances with a single pair are pooled into one
 *   stratum); the permutation test flips the sign of each pair. The pair
 *   shares instance and seed, so the instance effect cancels in it;
 *   inference is about the experiment's own instances.
 * - unit `instance`: each instance's mean difference is one observation: the
 *   instance bootstrap of `bootstrapLevel`, and sign flips of whole instances
 *   — inference about new instances, which needs many of them (with n
 *   instances no p-value is below 2/2ⁿ).
 *
 * Either way the interval is kept within the difference's `bounds` (e.g.
 * [−1, 1] for shares). Null when there is no pair.
 *
 * @example comparePaired([[0.1, -0.2, 0.3], [0.0, 0.4]], 'pair', { rng, resamples: 2000, confidence: 0.95 }, 10000)
 */
export function comparePaired(
  clusters: readonly (readonly number[])[],
  unit: PairUnit,
  options: ResamplingOptions,
  permutations: number,
  bounds: Bounds = UNBOUNDED,
): PairedComparison | null {
  const used = clusters.filter((c) => c.length > 0);
  const k = used.length;
  if (k === 0) return null;
  const pairs = used.reduce((s, c) => s + c.length, 0);
  const means = used.map((c) => c.reduce((s, v) => s + v, 0) / c.length);
  if (unit === 'instance') {
    const level = bootstrapLevel(means.map((m) => [m]), meanOf, options, bounds)!;
    const p = signFlipTest(means, means.map(() => 1 / k), permutations, options.rng);
    return { ...level, p, unit, pairs, instances: k };
  }
  const value = means.reduce((s, m) => s + m, 0) / k;
  // Strata: instances with ≥ 2 pairs, and the single-pair instances together (each value keeps its weight 1/k).
  const singles = used.filter((c) => c.length === 1).map((c) => c[0]!);
  const strata = [...used.filter((c) => c.length > 1).map((c) => ({ values: c, weight: 1 / k })), ...(singles.length ? [{ values: singles, weight: singles.length / k }] : [])];
  const scales = strata.map((s) => (s.values.length > 1 ? Math.sqrt(s.values.length / (s.values.length - 1)) : 0));
  const centres = strata.map((s) => s.values.reduce((a, v) => a + v, 0) / s.values.length);
  const { rng, resamples } = options;
  const replicates = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let deviation = 0;
    strata.forEach((s, i) => {
      const n = s.values.length;
      let sum = 0;
      for (let j = 0; j < n; j++) sum += s.values[Math.floor(rng.float() * n)]!;
      deviation += s.weight * scales[i]! * (sum / n - centres[i]!);
    });
    replicates[b] = value + deviation;
  }
  const values = used.flat();
  const weights = used.flatMap((c) => c.map(() => 1 / (k * c.length)));
  const p = signFlipTest(values, weights, permutations, rng);
  const interval = withinBounds(percentileInterval(value, replicates, options.confidence), bounds);
  return { ...interval, p, unit, pairs, instances: k };
}
