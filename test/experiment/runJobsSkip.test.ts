import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adHocExperiment, planSweep } from '../../src/experiment/index.ts';
import type { RunJob } from '../../src/experiment/executeRun.ts';
import { runJobs } from '../../src/experiment/runJobs.ts';
import { parseArms } from '../../src/mitigations/index.ts';
import { tempDir } from '../helpers/runs.ts';

describe('runJobs on this thread', () => {
  // How a sweep whose model-call budget is spent holds back its live runs and still runs the others.
  it('starts no job that `skip` names, runs the rest, and reports every start', async () => {
    const plan = await planSweep(adHocExperiment({ world: 'camel-roleplay', arms: parseArms('none,placebo'), seeds: { from: 1, to: 3 } }), tempDir());
    const jobs: RunJob[] = plan.runs.map((run) => ({
      index: run.index,
      config: run.config,
      dir: plan.dir,
      cell: { runId: run.runId, file: run.file, arm: run.arm, world: run.world, agents: run.agents, instance: run.instance, trial: run.trial, seed: run.seed },
    }));
    const held = (job: RunJob) => job.config.seed === 2;
    const started: number[] = [];
    const done: number[] = [];
    const records = await runJobs(jobs, 0, (_record, job) => done.push(job.index), { inFlight: 2, skip: held, onStart: (job) => started.push(job.index) });
    const ran = jobs.filter((j) => !held(j));
    expect(ran.length).toBe(4);
    expect(started.sort()).toEqual(ran.map((j) => j.index).sort());
    expect(done.sort()).toEqual(started);
    expect(records.map((r) => r.runId).sort()).toEqual(ran.map((j) => j.cell.runId).sort());
    for (const job of jobs) expect(existsSync(job.cell.file)).toBe(!held(job));
  });
});
