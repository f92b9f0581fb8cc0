import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evalSyntheticCorpus, type EvalReport } from '../../src/monitors/eval/evalSyntheticCorpus.ts';
import { formatCorpusLine, formatScoreTable } from '../../src/monitors/eval/formatEvalReport.ts';

/**
 * Regression guard for the targets on the labelled synthetic corpus
 * (200 runs, half clean, both worlds, seed 1): F1 ≥ 0.90, mean detection
 * latency ≤ 2 turns, ≤ 2 false flags per 1,000 turns on clean runs, for each
 * failure monitor. camel-rules is CAMEL's own baseline and has no target.
 */
describe('monitor accuracy on the synthetic corpus', () => {
  let report: EvalReport;
  beforeAll(async () => {
    report = await evalSyntheticCorpus({ runs: 200, seed: 1 });
  }, 120_000);

  it('meets the targets for role-flip, flake-reply, infinite-loop and drift', () => {
    expect(report.corpus).toMatchObject({ runs: 200, cleanRuns: 100 });
    for (const kind of ['role-flip', 'flake', 'loop', 'drift']) expect(report.corpus.episodes[kind]).toBeGreaterThan(10);
    for (const name of ['role-flip', 'flake-reply', 'infinite-loop', 'drift']) {
      const s = report.monitors[name]!;
      expect({ name, f1: s.f1! >= 0.9, latency: s.latencyTurns! <= 2, falsePerK: s.falsePerKTurns! <= 2 }).toEqual({ name, f1: true, latency: true, falsePerK: true });
    }
    expect(report.monitors['camel-rules']).toBeDefined();
  });

  it("is what the README's table shows for `troupe eval monitors --runs 200 --seed 1`", () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const block = /\$ troupe eval monitors --runs 200 --seed 1[^\n]*\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(formatCorpusLine(report.corpus) + formatScoreTable(report.monitors));
  });
});
