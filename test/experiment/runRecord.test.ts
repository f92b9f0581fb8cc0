import { describe, expect, it } from 'vitest';
import { readRunRecord } from '../../src/experiment/index.ts';
import { DEFAULT_MONITORS } from '../../src/monitors/index.ts';
import { resultsCsv } from '../../src/report/index.ts';
import { runWorld } from '../../src/runner/index.ts';
import { tempDir } from '../helpers/runs.ts';

describe('a sweep’s record of a run', () => {
  it('reads back from the run file exactly what the run itself counted', async () => {
    const out = tempDir();
    let failures = 0;
    for (const [world, seed] of [['camel-roleplay', 5], ['relay', 7]] as const) {
      const run = await runWorld({ config: { world, seed, mitigations: [{ kind: 'goal-reinject', params: { k: 4 } }] }, out });
      const record = readRunRecord({ runId: run.runId, file: run.file!, arm: 'a', world, agents: 'default', instance: 'i', trial: seed, seed });
      expect(record.failures).toEqual(run.truths);
      expect(record.flags).toEqual(run.flags);
      expect(record.progress).toBe(run.progress);
      expect(record.turns).toBe(run.turns);
      expect(record.termination).toBe(run.termination.reason);
      expect(record.interventions.note).toBe(run.interventions['goal-reinject']);
      failures += Object.values(run.truths).reduce((a, b) => a + b, 0);
    }
    // The comparison covers non-zero counts, not only empty ones.
    expect(failures).toBeGreaterThan(0);
  });

  it('knows which monitors ran, and results.csv leaves a monitor that was off blank instead of 0', async () => {
    const out = tempDir();
    const cell = (runId: string, file: string, arm: string) => ({ runId, file, arm, world: 'camel-roleplay', agents: 'default', instance: 'i', trial: 3, seed: 3 });
    const all = await runWorld({ config: { world: 'camel-roleplay', seed: 3 }, out });
    const one = await runWorld({ config: { world: 'camel-roleplay', seed: 3, monitors: { enabled: ['role-flip'], params: {} } }, out });
    const records = [readRunRecord(cell(all.runId, all.file!, 'all')), readRunRecord(cell(one.runId, one.file!, 'one'))];
    expect(records.map((r) => r.monitors)).toEqual([DEFAULT_MONITORS, ['role-flip']]);
    const [header, ...rows] = resultsCsv(records, 1).trim().split('\n').map((line) => line.split(','));
    const column = (name: string) => header!.indexOf(name);
    expect(rows.map((row) => row[column('flags_drift')])).toEqual([String(all.flags.drift ?? 0), '']);
    expect(rows[1]![column('flags_role-flip')]).toBe(String(one.flags['role-flip'] ?? 0));
  });
});
