import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/determinism/rng.ts';
import { bootstrapLevel, comparePaired, holm, meanOf, passHatK, quantileSorted, signFlipTest } from '../../src/report/index.ts';

describe('statistics', () => {
  it('pass^k is C(c,k)/C(n,k): the chance that k of the n trials, drawn without replacement, all succeed', () => {
    expect(passHatK(3, 4, 1)).toBe(0.75);
    expect(passHatK(3, 4, 2)).toBeCloseTo(0.5, 12);
    expect(passHatK(3, 4, 4)).toBe(0);
    expect(passHatK(4, 4, 4)).toBe(1);
    expect(passHatK(2, 3, 4)).toBeNull();
  });

  it("Holm's adjustment steps down and stays monotone; nulls are left out of the family", () => {
    expect(holm([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    expect(holm([0.2, null, 0.01])).toEqual([0.2, null, 0.02]);
    expect(holm([0.6, 0.7])).toEqual([1, 1]);
  });

  it('the sign-flip test is exact for few units: all-positive differences of 5 units give p = 2/32', () => {
    const rng = createRng(1);
    expect(signFlipTest([1, 2, 3, 4, 5], [0.2, 0.2, 0.2, 0.2, 0.2], 1000, rng)).toBeCloseTo(2 / 32, 12);
    expect(signFlipTest([0, 0, 0], [1, 1, 1], 1000, rng)).toBe(1);
    expect(signFlipTest([], [], 1000, rng)).toBe(1);
  });

  it('the Monte Carlo sign-flip p-value is never below 1/(1 + permutations)', () => {
    const values = Array.from({ length: 40 }, () => 1);
    expect(signFlipTest(values, values.map(() => 1 / 40), 999, createRng(2))).toBe(1 / 1000);
  });

  it('the Monte Carlo sign-flip p-value is the fraction of random sign patterns (30 per draw) at least as extreme', () => {
    // The plain reading of the test, one unit at a time: the sweep's p-values are pinned to it, draw for draw.
    const reference = (values: number[], weights: number[], permutations: number, seed: number) => {
      const rng = createRng(seed);
      const wv = values.map((v, u) => v * weights[u]!);
      const observed = wv.reduce((a, b) => a + b, 0);
      const threshold = Math.abs(observed) - 1e-9 * wv.reduce((a, b) => a + Math.abs(b), 0);
      let hits = 0;
      for (let b = 0; b < permutations; b++) {
        let t = 0;
        let bits = 0;
        for (let u = 0; u < wv.length; u++) {
          if (u % 30 === 0) bits = rng.int(0, 0x3fffffff);
          t += (bits >>> u % 30) & 1 ? -wv[u]! : wv[u]!;
        }
        if (Math.abs(t) >= threshold) hits++;
      }
      return (1 + hits) / (1 + permutations);
    };
    const draw = createRng(11);
    for (const n of [17, 30, 31, 95, 400]) {
      const values = Array.from({ length: n }, () => draw.float() - 0.47);
      const weights = values.map(() => 1 / n);
      const p = signFlipTest(values, weights, 2000, createRng(n));
      expect(p).toBe(reference(values, weights, 2000, n));
      expect(p).toBeGreaterThan(1 / 2001);
    }
  });

  it('resampling is seeded: the same inputs and seed give the same interval', () => {
    const clusters = [[1, 2, 3], [2, 4], [5], [3, 3, 3, 9]];
    const a = bootstrapLevel(clusters, meanOf, { rng: createRng(9), resamples: 500, confidence: 0.95 });
    const b = bootstrapLevel(clusters, meanOf, { rng: createRng(9), resamples: 500, confidence: 0.95 });
    expect(a).toEqual(b);
    expect(a!.value).toBeCloseTo((2 + 3 + 5 + 4.5) / 4, 12);
  });

  it('the paired difference is the mean over instances of the mean pair difference', () => {
    const c = comparePaired([[1, 3], [10], []], 'pair', { rng: createRng(3), resamples: 200, confidence: 0.95 }, 100)!;
    expect(c.value).toBe(6);
    expect(c).toMatchObject({ pairs: 3, instances: 2, unit: 'pair' });
  });

  it('quantiles interpolate linearly', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
  });

  it('an interval never leaves the bounds of its quantity: shares in [0, 1], counts ≥ 0', () => {
    const options = (seed: number) => ({ rng: createRng(seed), resamples: 2000, confidence: 0.95 });
    // Few instances, mostly successes: the small-sample rescaling alone reaches past 1 (and below 0 for pass^k).
    const clusters = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 1, 1], [0, 1, 1, 1], [1, 1, 1, 1]];
    expect(bootstrapLevel(clusters, meanOf, options(1))!.hi).toBeGreaterThan(1);
    const shares = bootstrapLevel(clusters, meanOf, options(1), [0, 1])!;
    expect(shares.hi).toBe(1);
    const passK = bootstrapLevel([[1, 1, 1, 1], [1, 0, 1, 1], [1, 1, 1, 1]], (c, n) => passHatK(c, n, 4)!, options(2), [0, 1])!;
    expect(passK.lo).toBeGreaterThanOrEqual(0);
    expect(passK.hi).toBeLessThanOrEqual(1);
    const oneInstance = bootstrapLevel([[0, 0, 0, 0, 5, 0]], meanOf, options(3), [0, Infinity])!;
    expect(oneInstance.lo).toBeGreaterThanOrEqual(0);
    // A difference of shares lies in [−1, 1]; within them the rescaled interval is left as it is.
    const gains = [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 0]];
    for (const unit of ['pair', 'instance'] as const) {
      const c = comparePaired(gains, unit, options(5), 1000, [-1, 1])!;
      expect(c.hi, unit).toBeLessThanOrEqual(1);
      expect(c.value, unit).toBeCloseTo(11 / 12, 12);
    }
  });
});
