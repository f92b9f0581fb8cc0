import { describe, expect, it } from 'vitest';
import { evalSyntheticCorpus } from '../../src/monitors/eval/evalSyntheticCorpus.ts';

/**
 * Regression guard for the targets on the labelled synthetic corpus
 * (200 runs, half clean, both worlds, seed 1): F1 ≥ 0.90, mean detection
 * latency ≤ 2 turns, ≤ 2 false flags per 1,000 turns on clean runs, for each
 * failure monitor. camel-rules is CAMEL's own baseline and has no target.
 */
describe('monitor accuracy on the synthetic corpus', () => {
  it('meets the targets for role-flip, flake-reply, infinite-loop and drift', async () => {
    const report = await evalSyntheticCorpus({ runs: 200, seed: 1 });
    expect(report.corpus).toMatchObject({ runs: 200, cleanRuns: 100 });
    for (const kind of ['role-flip', 'flake', 'loop', 'drift']) expect(report.corpus.episodes[kind]).toBeGreaterThan(10);
    for (const name of ['role-flip', 'flake-reply', 'infinite-loop', 'drift']) {
      const s = report.monitors[name]!;
      expect({ name, f1: s.f1! >= 0.9, latency: s.latencyTurns! <= 2, falsePerK: s.falsePerKTurns! <= 2 }).toEqual({ name, f1: true, latency: true, falsePerK: true });
    }
    expect(report.monitors['camel-rules']).toBeDefined();
  }, 120_000);
});
