import { existsSync } from 'node:fs';
import type { RunConfig } from '../core/config.ts';
import { usesLiveModel } from '../core/specs.ts';
import { resumeRun } from '../record/resumeRun.ts';
import { isSealed } from '../record/runTail.ts';
import { runWorld } from '../runner/index.ts';
import { resolveWorld, type ResolvedWorld } from '../world/index.ts';
import { readRunRecord, type RunCell, type RunRecord } from './RunRecord.ts';

/** One job for a sweep worker: a complete config, the directory to record into, and the cell it fills. */
export interface RunJob {
  readonly index: number;
  readonly config: RunConfig;
  readonly dir: string;
  readonly cell: RunCell;
}

const worlds = new Map<string, Promise<ResolvedWorld>>();

/**
 * Run one planned run exactly as `troupe run` would (the runner's default
 * plugins: the config's monitors, then its mitigations), record it, and read
 * its outcomes back from the sealed run file (a sweep's figures always come
 * from recorded runs). Null for a live model's run that its spent budget
 * stopped: its file is left unsealed, for the sweep run again to finish.
 *
 * @example const record = await executeRun(job)
 */
export async function executeRun(job: RunJob): Promise<RunRecord | null> {
  // A live model's run cut short (the sweep was interrupted, or its budget spent) is finished where it stopped: its
  // recorded replies — paid for, and different on every call — are kept. Other runs record the same events again,
  // so they start over.
  if (usesLiveModel(job.config) && existsSync(job.cell.file) && !isSealed(job.cell.file)) {
    const result = await resumeRun(job.cell.file, { budgetLeavesUnsealed: true });
    if (result.runId !== job.cell.runId) throw new Error(`run ${job.cell.runId} was resumed as ${result.runId}: the plan and the recording disagree on the config`);
    return result.unsealed ? null : readRunRecord(job.cell);
  }
  let world = worlds.get(job.config.world);
  if (!world) worlds.set(job.config.world, (world = resolveWorld(job.config.world)));
  // The sweep syncs its folder once, after its runs (runSweep), except for a live model's runs: those are slow,
  // paid for and not the same twice, so each file's name is made durable with its header, as `troupe run` does.
  const live = usesLiveModel(job.config);
  const result = await runWorld({ config: job.config, out: job.dir, world: await world, recorder: 'inline', syncFolder: live, budgetLeavesUnsealed: true });
  if (result.runId !== job.cell.runId) throw new Error(`run ${job.cell.runId} was recorded as ${result.runId}: the plan and the runner disagree on the config`);
  return result.unsealed ? null : readRunRecord(job.cell);
}
