import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../src/determinism/rng.ts';
import { bootstrapLevel, comparePaired, meanOf, summarizeSweep } from '../../src/report/index.ts';
import { normal, simulateSweep, twoArmExperiment } from './syntheticRecords.ts';

/** Share of simulated A/A sweeps whose arm-vs-baseline test rejects at α = 0.05. */
function rejectionRate(sweeps: number, metric: 'progress' | 'success', design: { instances: number; seeds: number; binary?: boolean }, unit: 'pair' | 'instance' = 'pair'): number {
  const experiment = twoArmExperiment(metric, unit);
  let rejected = 0;
  for (let k = 0; k < sweeps; k++) {
    const summary = summarizeSweep(simulateSweep(k, design), experiment, { dir: null, ran: 0, skipped: 0 });
    if (summary.groups[0]!.comparisons[0]!.p <= 0.05) rejected++;
  }
  return rejected / sweeps;
}

describe('statistics calibration', () => {
  it('an A/A comparison of a continuous quantity rejects in 2–8% of sweeps at α = 0.05 (pairs as unit)', () => {
    const rate = rejectionRate(400, 'progress', { instances: 6, seeds: 20 });
    expect(rate).toBeGreaterThanOrEqual(0.02);
    expect(rate).toBeLessThanOrEqual(0.08);
  });

  it('an A/A comparison of task success (0/1) rejects in 2–8% of sweeps', () => {
    const rate = rejectionRate(400, 'success', { instances: 6, seeds: 20, binary: true });
    expect(rate).toBeGreaterThanOrEqual(0.02);
    expect(rate).toBeLessThanOrEqual(0.08);
  });

  it('an A/A comparison with instances as unit rejects in 2–8% of sweeps', () => {
    const rate = rejectionRate(400, 'progress', { instances: 20, seeds: 4 }, 'instance');
    expect(rate).toBeGreaterThanOrEqual(0.02);
    expect(rate).toBeLessThanOrEqual(0.08);
  });

  it('a real difference is found: an effect of 0.1 is rejected in most sweeps', () => {
    const experiment = twoArmExperiment('progress');
    let rejected = 0;
    for (let k = 0; k < 50; k++) {
      const summary = summarizeSweep(simulateSweep(k, { instances: 6, seeds: 20, delta: 0.1 }), experiment, { dir: null, ran: 0, skipped: 0 });
      const c = summary.groups[0]!.comparisons[0]!;
      if (c.p <= 0.05 && c.diff > 0) rejected++;
    }
    expect(rejected / 50).toBeGreaterThan(0.9);
  });

  it('the 95% bootstrap interval of a level, resampling instances, covers the known mean ≈ 95% of the time', () => {
    let covered = 0;
    const reps = 600;
    for (let k = 0; k < reps; k++) {
      const rng = createRng(deriveSeed(k, 'coverage'));
      // 30 instances with means around 0.3 (sd 0.1), 5 runs each (sd 0.2): the population mean is 0.3.
      const clusters = Array.from({ length: 30 }, () => {
        const mu = 0.3 + 0.1 * normal(rng);
        return Array.from({ length: 5 }, () => mu + 0.2 * normal(rng));
      });
      const ci = bootstrapLevel(clusters, meanOf, { rng, resamples: 1000, confidence: 0.95 })!;
      if (ci.lo <= 0.3 && 0.3 <= ci.hi) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.92);
    expect(covered / reps).toBeLessThanOrEqual(0.975);
  });

  it('the 95% paired-bootstrap interval of a difference covers the known effect ≈ 95% of the time', () => {
    let covered = 0;
    const reps = 600;
    for (let k = 0; k < reps; k++) {
      const rng = createRng(deriveSeed(k, 'paired-coverage'));
      const diffs = Array.from({ length: 30 }, () => Array.from({ length: 5 }, () => 0.1 + 0.2 * normal(rng)));
      const c = comparePaired(diffs, 'pair', { rng, resamples: 1000, confidence: 0.95 }, 100)!;
      if (c.lo <= 0.1 && 0.1 <= c.hi) covered++;
    }
    expect(covered / reps).toBeGreaterThanOrEqual(0.92);
    expect(covered / reps).toBeLessThanOrEqual(0.975);
  });
});
