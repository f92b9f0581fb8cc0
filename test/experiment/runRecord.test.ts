import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRunRecord } from '../../src/experiment/index.ts';
import { DEFAULT_MONITORS } from '../../src/monitors/index.ts';
import { resultsCsv, sweepMetrics } from '../../src/report/index.ts';
import { runWorld } from '../../src/runner/index.ts';
import { tempDir } from '../helpers/runs.ts';
import { record } from './syntheticRecords.ts';

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

  it('counts warnings and critical flags, as eval scores them; info flags (notes) are counted apart', async () => {
    const out = tempDir();
    let notes = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const run = await runWorld({ config: { world: 'camel-roleplay', seed }, out });
      const events = readFileSync(run.file!, 'utf8').trim().split('\n').slice(1, -1).map((line) => JSON.parse(line) as { type: string; monitor?: string; severity?: string });
      const tally = (info: boolean) => {
        const by: Record<string, number> = {};
        for (const e of events) if (e.type === 'flag' && (e.severity === 'info') === info) by[e.monitor!] = (by[e.monitor!] ?? 0) + 1;
        return by;
      };
      const record = readRunRecord({ runId: run.runId, file: run.file!, arm: 'a', world: 'camel-roleplay', agents: 'default', instance: 'i', trial: seed, seed });
      expect(record.flags).toEqual(tally(false));
      expect(run.flags).toEqual(tally(false));
      expect(run.notes).toEqual(tally(true));
      notes += Object.values(run.notes).reduce((a, b) => a + b, 0);
    }
    // Some of these runs did raise info flags, so leaving them out was tested.
    expect(notes).toBeGreaterThan(0);
  });

  it('gives every monitor that ran a flag-rate row, 0 when it raised nothing, and none to a monitor that never ran', () => {
    const quiet = [record('a', 'i', 1, 1), { ...record('a', 'i', 2, 1), flags: { drift: 2 } }].map((r) => ({ ...r, monitors: ['role-flip', 'drift'] }));
    const metrics = sweepMetrics(quiet, ['flags'], [1], 1);
    expect(metrics.map((m) => m.name)).toEqual(['flags/100t role-flip', 'flags/100t drift']);
    expect(metrics.map((m) => quiet.map((r) => m.value(r)))).toEqual([[0, 0], [0, 20]]);
    // A run that did not run a monitor has no value for it (not a 0 that would pull its mean down).
    expect(metrics[0]!.value({ ...quiet[0]!, monitors: ['drift'] })).toBeNull();
  });

  it('counts the injected failures a guard refused (the agent decided again; the reply never reached the conversation)', async () => {
    const out = tempDir();
    let refused = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const run = await runWorld({ config: { world: 'relay', seed, mitigations: [{ kind: 'role-guard', params: {} }] }, out });
      const events = readFileSync(run.file!, 'utf8').trim().split('\n').slice(1, -1).map((line) => JSON.parse(line) as { type: string; agent?: string; kind?: string; call?: number; from?: string });
      // The oracle: a truth whose reply is answered by a block for its agent before that agent's next message.
      const expected: Record<string, number> = { 'role-flip': 0, flake: 0, loop: 0, drift: 0 };
      events.forEach((e, i) => {
        if (e.type !== 'truth') return;
        const next = events.slice(i + 1).find((x) => (x.type === 'intervention' && x.kind === 'block' && x.agent === e.agent) || (x.type === 'message' && x.from === e.agent));
        if (next?.type === 'intervention') expected[e.kind!]!++;
      });
      const record = readRunRecord({ runId: run.runId, file: run.file!, arm: 'g', world: 'relay', agents: 'default', instance: 'i', trial: seed, seed });
      expect(record.refused).toEqual(expected);
      refused += Object.values(expected).reduce((a, b) => a + b, 0);
    }
    expect(refused).toBeGreaterThan(0);
  });
});
