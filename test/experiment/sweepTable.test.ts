import { describe, expect, it } from 'vitest';
import { summarizeSweep, sweepTable } from '../../src/report/index.ts';
import { record, twoArmExperiment } from './syntheticRecords.ts';

const experiment = twoArmExperiment('success', 'pair', { name: 'table', passK: [1, 2, 4] });

/** Both arms of every (instance, seed) given, all successful. */
const records = (cells: [string, number][]) => cells.flatMap(([instance, seed]) => ['A', 'B'].map((arm) => record(arm, instance, seed, 1)));
const tableOf = (cells: [string, number][]) => sweepTable(summarizeSweep(records(cells), experiment, { dir: null, ran: 0, skipped: 0 }));

describe('the sweep table', () => {
  it('gives the range of seeds per instance when the seed picked the instance, as summary.json does', () => {
    const cells: [string, number][] = [['i0', 1], ['i0', 2], ['i0', 3], ['i1', 4]];
    const summary = summarizeSweep(records(cells), experiment, { dir: null, ran: 0, skipped: 0 });
    expect(summary.groups[0]).toMatchObject({ seeds: 4, seedsPerInstance: { min: 1, max: 3 } });
    expect(sweepTable(summary)).toMatch(/^table · w · agents default · 2 instances, 1–3 seeds each \(4 seeds in all\) · 8 runs\n/);
  });

  it('says instances × seeds, in the singular for one', () => {
    expect(tableOf([['i0', 1]])).toMatch(/^table · w · agents default · 1 instance × 1 seed · 2 runs\nlevels: mean over instances \[95% CI, runs resampled: one instance\]\n/);
    expect(tableOf([['i0', 1], ['i0', 2], ['i1', 1], ['i1', 2]])).toMatch(/ · 2 instances × 2 seeds · 8 runs\n/);
  });

  it('explains every blank pass^k: no instance has k seeds', () => {
    const table = tableOf([['i0', 1], ['i0', 2], ['i0', 3], ['i1', 4]]);
    expect(table).toMatch(/\npass\^2 +1\.000 \[/);
    expect(table).toMatch(/\npass\^4 +– +–\n/);
    expect(table).toContain('\n– in pass^4: pass^k needs k seeds of one instance, and no instance has more than 3 seeds\n');
    expect(tableOf([['i0', 1], ['i1', 2]])).toContain('\n– in pass^2, pass^4: pass^k needs k seeds of one instance, and no instance has more than 1 seed\n');
    expect(tableOf([['i0', 1], ['i0', 2], ['i0', 3], ['i0', 4]])).not.toContain('– in pass^');
  });

  it('counts the runs, not the cells, when arms with the same mitigations share runs', () => {
    const shared = [1, 2].flatMap((seed) => ['A', 'B'].map((arm) => ({ ...record(arm, 'i0', seed, 1), runId: `run-${seed}` })));
    expect(sweepTable(summarizeSweep(shared, experiment, { dir: null, ran: 2, skipped: 0 }))).toMatch(/\n2 runs for 4 cells \(arms with the same mitigations share them\) \(2 run now, 0 already recorded\)\n$/);
    expect(tableOf([['i0', 1]])).toMatch(/\n2 runs \(0 run now, 0 already recorded\)\n$/);
  });
});
