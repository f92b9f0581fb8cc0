import { describe, expect, it } from 'vitest';
import { readRunRecord } from '../../src/experiment/index.ts';
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
});
