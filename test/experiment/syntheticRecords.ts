import { createRng, deriveSeed, type Rng } from '../../src/determinism/rng.ts';
import { defineExperiment, type Experiment } from '../../src/experiment/index.ts';
import type { RunRecord } from '../../src/experiment/RunRecord.ts';
import { MONITOR_NAMES } from '../../src/monitors/index.ts';

/** A standard normal draw (Box–Muller) from a seeded generator. */
export function normal(rng: Rng): number {
  const u = 1 - rng.float();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.float());
}

/** A run record with only the fields the statistics read set. */
export function record(arm: string, instance: string, seed: number, progress: number): RunRecord {
  return {
    runId: `${arm}-${instance}-${seed}`,
    file: '',
    arm,
    world: 'w',
    agents: 'default',
    instance,
    trial: seed,
    seed,
    progress,
    turns: 10,
    messages: 10,
    termination: progress >= 1 ? 'goal-reached' : 'max-turns',
    flags: {},
    failures: { 'role-flip': 0, flake: 0, loop: 0, drift: 0 },
    refused: { 'role-flip': 0, flake: 0, loop: 0, drift: 0 },
    interventions: { note: 0, block: 0, stop: 0 },
    noteChars: 0,
    monitors: [...MONITOR_NAMES],
  };
}

/**
 * One simulated sweep of two arms with a known structure: instance effects
 * (sd 0.15 around 0.5), a per-seed effect shared by both arms of a pair (sd
 * 0.1), run noise (sd 0.1), and an arm effect `delta` for arm B. With
 * `binary`, progress is 1 (success) with probability = that value, else 0.
 */
export function simulateSweep(sweep: number, options: { instances: number; seeds: number; delta?: number; binary?: boolean }): RunRecord[] {
  const rng = createRng(deriveSeed(sweep, 'simulated-sweep'));
  const out: RunRecord[] = [];
  for (let i = 0; i < options.instances; i++) {
    const mu = 0.5 + 0.15 * normal(rng);
    for (let s = 1; s <= options.seeds; s++) {
      const shared = 0.1 * normal(rng);
      for (const arm of ['A', 'B']) {
        const v = mu + shared + 0.1 * normal(rng) + (arm === 'B' ? (options.delta ?? 0) : 0);
        out.push(record(arm, `i${i}`, s, options.binary ? (rng.float() < v ? 1 : 0) : v));
      }
    }
  }
  return out;
}

/** A two-arm experiment reporting one metric family, with light resampling (fast enough for many sweeps). */
export function twoArmExperiment(metric: 'progress' | 'success', unit: 'pair' | 'instance' = 'pair', more: { name?: string; passK?: number[] } = {}): Experiment {
  return defineExperiment({
    name: more.name ?? 'calibration',
    worlds: [{ world: 'camel-roleplay' }],
    arms: [
      { name: 'A', mitigations: [] },
      { name: 'B', mitigations: [] },
    ],
    seeds: [1],
    metrics: [metric],
    passK: more.passK ?? [1],
    stats: { resamples: 400, permutations: 400, unit, seed: 7 },
  });
}
