import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsCsv, summarizeSweep, type SweepSummary } from '../report/index.ts';
import type { Experiment } from './defineExperiment.ts';
import { planSweep } from './planSweep.ts';
import { runSweep, type SweepOptions, type SweepOutcome } from './runSweep.ts';

/** A finished sweep: its summary, its records, and the files written into its directory. */
export interface SweepResult {
  readonly summary: SweepSummary;
  readonly outcome: SweepOutcome;
  readonly files: { readonly summary: string; readonly csv: string };
}

/**
 * Plan, run (resumably, in parallel) and summarise an experiment; write
 * `summary.json` and `results.csv` into the sweep's directory, `<out>/<name>/`,
 * next to its run files.
 *
 * @example
 * const { summary } = await sweepExperiment(persistentGoals, { out: 'runs', workers: 2, progress: process.stderr });
 * process.stdout.write(sweepTable(summary));
 */
export async function sweepExperiment(experiment: Experiment, options: SweepOptions & { readonly out: string }): Promise<SweepResult> {
  const plan = await planSweep(experiment, options.out);
  const outcome = await runSweep(plan, options);
  const summary = summarizeSweep(outcome.records, experiment, { dir: plan.dir, ran: outcome.ran, skipped: outcome.skipped });
  const files = { summary: join(plan.dir, 'summary.json'), csv: join(plan.dir, 'results.csv') };
  writeFileSync(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(files.csv, resultsCsv(outcome.records, experiment.successAt));
  return { summary, outcome, files };
}
