import { describe, expect, it } from 'vitest';
import { adHocExperiment, planSweep, runSweep, type RunRecord } from '../../src/experiment/index.ts';
import { parseArms } from '../../src/mitigations/index.ts';
import { summarizeSweep } from '../../src/report/index.ts';
import { tempDir } from '../helpers/runs.ts';

const outcome = ({ file: _file, ...rest }: RunRecord) => rest;

describe('a parallel sweep', () => {
  it('on two worker processes records the same runs and reports the same statistics as on one thread', async () => {
    const experiment = adHocExperiment({ world: 'relay', arms: parseArms('none,role-reminder:every=3'), seeds: '1..8', params: { jobs: 2 } });
    const serial = await runSweep(await planSweep(experiment, tempDir()), { workers: 0 });
    const parallel = await runSweep(await planSweep(experiment, tempDir()), { workers: 2 });
    expect(parallel.ran).toBe(16);
    expect(parallel.records.map(outcome)).toEqual(serial.records.map(outcome));
    const facts = { dir: null, ran: 0, skipped: 0 };
    expect(summarizeSweep(parallel.records, experiment, facts)).toEqual(summarizeSweep(serial.records, experiment, facts));
  });
});
