import { bootstrapLevel, meanOf } from './bootstrapLevel.ts';
import { calibratedInterval, noInterval, UNBOUNDED, withinBounds, type Bounds, type Interval, type ResamplingOptions } from './Interval.ts';
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
 * - unit `pair`: instances are strata; inference is about the experiment's
 *   own instances (the pair shares instance and seed, so the instance effect
 *   cancels in it). The bootstrap resamples pairs within each instance
 *   (`stratifiedInterval`); the permutation test flips the sign of each pair.
 * - unit `instance`: each instance's mean difference is one observation: the
 *   instance bootstrap of `bootstrapLevel`, and sign flips of whole instances
 *   — inference about new instances, which needs many of them (with n
 *   instances no p-value is below 2/2ⁿ; with one there is no interval).
 *
 * Either way the interval is calibrated for few units (t rather than z, see
 * `calibratedInterval`) and kept within the difference's `bounds` (e.g.
 * [−1, 1] for shares); it is missing (NaN ends) when a single unit was
 * compared. Null when there is no pair.
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
  const interval = withinBounds(stratifiedInterval(used, value, options), bounds);
  const values = used.flat();
  const weights = used.flatMap((c) => c.map(() => 1 / (k * c.length)));
  const p = signFlipTest(values, weights, permutations, options.rng);
  return { ...interval, p, unit, pairs, instances: k };
}

/**
 * The interval of `value` = mean over the k instances of their mean pair
 * difference, from a bootstrap stratified by instance: each replicate
 * resamples every instance's pairs within it, rescaled by √(n/(n−1)) (Rao &
 * Wu 1988) so the replicates' variance is the unbiased Σ s²ᵢ/(k²nᵢ).
 *
 * An instance with a single pair has no spread of its own, yet its value is
 * as uncertain as any pair's: it borrows the within-instance spread of the
 * others — each replicate adds to it a residual (a pair's difference minus
 * its instance's mean, rescaled likewise) drawn from all instances with ≥ 2
 * pairs, instance i with probability (nᵢ−1)/Σ(nⱼ−1), so its variance is the
 * pooled within-instance variance s²ₚ. (Resampling a stratum of one value
 * gave it variance 0: with pair counts [1, 3, 4, 5, 7] the 95% interval
 * missed a null effect in 20% of samples.) When no instance has two pairs,
 * within- and between-instance spread cannot be told apart, and the
 * single-pair instances are resampled as one stratum — the instance
 * bootstrap, wider by the instances' own variation (conservative).
 *
 * The small-sample stretch (`calibratedInterval`) uses the Welch–
 * Satterthwaite degrees of freedom of that variance estimate (Satterthwaite
 * 1946): V = Σ cᵢs²ᵢ over instances with ≥ 2 pairs, where cᵢ = (1/nᵢ +
 * S(nᵢ−1)/Σ(nⱼ−1))/k² counts both an instance's own pairs and its share of
 * s²ₚ lent to the S single-pair instances; ν = V² / Σ (cᵢs²ᵢ)²/(nᵢ−1). One
 * instance of n pairs gives ν = n − 1 (the t interval); with every pair count
 * equal and equal spreads, ν = Σ(nᵢ−1).
 */
function stratifiedInterval(used: readonly (readonly number[])[], value: number, { rng, resamples, confidence }: ResamplingOptions): Interval {
  const k = used.length;
  const replicates = new Float64Array(resamples);
  const multi = used.filter((c) => c.length > 1);
  if (multi.length === 0) {
    // One pair per instance: the instances, as one stratum.
    if (k < 2) return noInterval(value);
    const values = used.map((c) => c[0]!);
    const scale = Math.sqrt(k / (k - 1));
    for (let b = 0; b < resamples; b++) {
      let total = 0;
      for (let i = 0; i < k; i++) total += values[Math.floor(rng.float() * k)]!;
      replicates[b] = value + scale * (total / k - value);
    }
    return calibratedInterval(value, replicates, confidence, k - 1);
  }
  const singles = k - multi.length;
  const pooledDf = multi.reduce((s, c) => s + c.length - 1, 0);
  const strata = multi.map((c) => {
    const n = c.length;
    const centre = c.reduce((s, v) => s + v, 0) / n;
    const scale = Math.sqrt(n / (n - 1));
    const variance = c.reduce((s, v) => s + (v - centre) ** 2, 0) / (n - 1);
    return { values: c, n, centre, scale, variance };
  });
  // The residual pool the single-pair instances draw from, with cumulative probabilities.
  const residuals: number[] = [];
  const cumulative: number[] = [];
  let mass = 0;
  for (const s of strata) {
    for (const v of s.values) {
      residuals.push(s.scale * (v - s.centre));
      mass += (s.n - 1) / (s.n * pooledDf);
      cumulative.push(mass);
    }
  }
  const drawResidual = (): number => {
    const u = rng.float() * mass;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return residuals[lo]!;
  };
  for (let b = 0; b < resamples; b++) {
    let deviation = 0;
    for (const s of strata) {
      let sum = 0;
      for (let j = 0; j < s.n; j++) sum += s.values[Math.floor(rng.float() * s.n)]!;
      deviation += s.scale * (sum / s.n - s.centre);
    }
    for (let i = 0; i < singles; i++) deviation += drawResidual();
    replicates[b] = value + deviation / k;
  }
  // Welch–Satterthwaite degrees of freedom of V = Σ cᵢ s²ᵢ (the common 1/k² cancels).
  let v = 0;
  let denominator = 0;
  for (const s of strata) {
    const term = (1 / s.n + (singles * (s.n - 1)) / pooledDf) * s.variance;
    v += term;
    denominator += (term * term) / (s.n - 1);
  }
  const df = denominator > 0 ? (v * v) / denominator : pooledDf;
  return calibratedInterval(value, replicates, confidence, df);
}
