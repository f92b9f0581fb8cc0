import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsCsv, summarizeSweep, type SweepSummary } from '../report/index.ts';
import type { Experiment } from './defineExperiment.ts';
import { planSweep } from './planSweep.ts';
import { earlierSummaryNote, plannedRunsOf } from './plannedRunsOf.ts';
import { UserError } from '../core/errors.ts';
import { judgeSweep, type SweepJudge } from './judgeSweep.ts';
import { runSweep, type SweepOptions, type SweepOutcome } from './runSweep.ts';
import { SweepFolderLock } from './SweepFolderLock.ts';

/** A finished sweep: its summary, its records, and the files written into its directory. */
export interface SweepResult {
  readonly summary: SweepSummary;
  readonly outcome: SweepOutcome;
  readonly files: { readonly summary: string; readonly csv: string };
  /** The planned runs of the summary this one replaced, when they differ (e.g. the sweep was run again with fewer seeds). */
  readonly replaced: number | null;
}

/**
 * Plan, run (resumably, in parallel) and summarise an experiment; write
 * `summary.json` and `results.csv` into the sweep's directory, `<out>/<name>/`,
 * next to its run files. With `judge`, an LLM judges every run first and its
 * flags are reported as four more monitors' (`judgeSweep`).
 *
 * @example
 * const { summary } = await sweepExperiment(persistentGoals, { out: 'runs', workers: 2, progress: process.stderr });
 * process.stdout.write(sweepTable(summary));
 */
export async function sweepExperiment(experiment: Experiment, options: SweepOptions & { readonly out: string; readonly judge?: SweepJudge | null }): Promise<SweepResult> {
  const plan = await planSweep(experiment, options.out);
  // One sweep at a time per folder, for its whole life: runs, judge, summary. A second one (say, other seeds of the
  // same ad-hoc sweep) would have its runs recorded over and the summary written twice.
  const lock = SweepFolderLock.acquire(plan.dir);
  try {
    const swept = await runSweep(plan, options);
    const judged = options.judge ? await judgeSweep(swept.records, options.judge).catch((error: unknown) => {
      throw error instanceof UserError ? new UserError(error.message + earlierSummaryNote(plan.dir)) : error;
    }) : null;
    const outcome = judged ? { ...swept, records: judged.records } : swept;
    const summary = summarizeSweep(outcome.records, experiment, { dir: plan.dir, ran: outcome.ran, skipped: outcome.skipped, judge: judged?.facts ?? null });
    const files = { summary: join(plan.dir, 'summary.json'), csv: join(plan.dir, 'results.csv') };
    const before = plannedRunsOf(files.summary);
    writeFileSync(files.summary, `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(files.csv, resultsCsv(outcome.records, experiment.successAt));
    return { summary, outcome, files, replaced: before !== null && before !== summary.runs.planned ? before : null };
  } finally {
    lock.release();
  }
}
