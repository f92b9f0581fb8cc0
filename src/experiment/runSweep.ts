import { UserError } from '../core/errors.ts';
import { clearStaleLock, describeOwner, runWriter, type LockOwner } from '../record/RunLock.ts';
import { recordedSources, type RecordedSources } from '../record/readRun.ts';
import { canonicalJson } from '../core/canonical.ts';
import { usesLiveModel } from '../core/specs.ts';
import { isSealed, lastLines, sealOfLine } from '../record/runTail.ts';
import { holdFolder, syncFolder } from '../record/syncFolder.ts';
import { keptAs } from '../record/keptAs.ts';
import { changedSource, changedSources } from '../record/changedModules.ts';
import { verifyRun, type VerifyReport } from '../record/verifyRun.ts';
import { sharedOpenAILimits } from '../policies/openai/OpenAILimits.ts';
import { existsSync, renameSync } from 'node:fs';
import type { PlannedRun, SweepPlan } from './planSweep.ts';
import { readRunRecord, type RunCell, type RunRecord } from './RunRecord.ts';
import type { RunJob } from './executeRun.ts';
import { earlierSummaryNote } from './plannedRunsOf.ts';
import { runJobs } from './runJobs.ts';
import { SweepProgress, type ProgressSink } from './SweepProgress.ts';

export interface SweepOptions {
  /** Worker processes (0: run on this thread). Default 1. */
  readonly workers?: number;
  /** Where progress goes (null: nowhere). */
  readonly progress?: ProgressSink | null;
  /** Called as each run executed now finishes (in arrival order). */
  readonly onRun?: (record: RunRecord) => void;
  /**
   * Runs of a live model (the openai policy) at a time. Such a sweep runs on this thread rather than on workers:
   * its runs wait on the server, not on the CPU, and share one set of model-call limits (concurrency, budgets).
   * Default 8.
   */
  readonly liveRunsInFlight?: number;
  /**
   * Run again the sealed runs that ended in `error` or `budget` (e.g. a model server that was down, a spent request
   * budget), instead of reusing them; the old file is kept beside the new one as `<run id>.jsonl.errored`.
   */
  readonly rerunErrors?: boolean;
}

/** The records of a sweep, in plan order, and how many runs it ran. */
export interface SweepOutcome {
  readonly records: readonly RunRecord[];
  /** Runs executed now, and runs skipped because their file was already sealed. */
  readonly ran: number;
  readonly skipped: number;
}

/**
 * Run a planned sweep, resumably: a run whose file is already sealed (and
 * verifies: a damaged one is refused) is not run again (run ids are
 * deterministic, so a killed sweep restarted picks up
 * where it stopped), and an unsealed file — a run cut short — is run afresh
 * (resumed, for a live model's: its replies are kept).
 * Cells with identical configs (e.g. two arms with the same mitigations) share
 * one run. Every record is read from its run file. A folder another process
 * is still writing runs into is refused before anything runs. `rerunErrors`
 * runs the sealed runs that ended in error (or out of budget) again. Once a
 * live model's budget is spent no more runs start, the runs it stopped are
 * left unsealed before the call it refused, and the sweep ends with a
 * UserError naming how many it left: run again, it finishes them.
 *
 * @example const outcome = await runSweep(await planSweep(experiment, 'runs'), { workers: 2, progress: process.stderr })
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions = {}): Promise<SweepOutcome> {
  const workers = options.workers ?? 1;
  const unique = new Map<string, PlannedRun>();
  for (const run of plan.runs) if (!unique.has(run.runId)) unique.set(run.runId, run);
  const todo: PlannedRun[] = [];
  const rerun: PlannedRun[] = [];
  const stale: { run: PlannedRun; recorded: RecordedSources }[] = [];
  const damaged: VerifyReport[] = [];
  // The run id hashes the config, not the code of its world and mitigation modules: a run recorded before one
  // changed has the same id, and reusing (or resuming) it would report the old code's results as the new one's.
  const checkSources = (run: PlannedRun) => {
    const recorded = recordedSources(run.file, Object.keys(run.mitigationSources).length + Object.keys(run.monitorSources).length > 0);
    const same = (a: object, b: object) => canonicalJson(a) === canonicalJson(b);
    if (recorded.world !== run.worldSource || !same(recorded.mitigations, run.mitigationSources) || !same(recorded.monitors, run.monitorSources)) stale.push({ run, recorded });
  };
  for (const run of unique.values()) {
    if (!isSealed(run.file)) {
      todo.push(run);
      // A live model's unfinished run is resumed, not run afresh: its recorded prefix must be this code's too.
      if (usesLiveModel(run.config) && existsSync(run.file)) {
        try {
          checkSources(run);
        } catch {
          // No whole header to read: there is nothing recorded to resume, and the resume says so.
        }
      }
      continue;
    }
    // A sweep killed between a run's seal and its lock's removal leaves the lock behind.
    clearStaleLock(run.file);
    const ended = options.rerunErrors ? sealOfLine(lastLines(run.file).at(-1))?.termination : undefined;
    if (ended === 'error' || ended === 'budget') rerun.push(run);
    else {
      checkSources(run);
      // Its figures go into the summary: a file edited or damaged since it was sealed (the seal is its last line
      // still) must not pass for the run. The whole chain is checked, as `troupe verify` does.
      const report = verifyRun(run.file);
      // Another process rewriting it (a sweep run with --rerun-errors) is the "in use" below, not damage.
      if (report.writer) throw inUse(plan, report.writer, run.file);
      if (report.status !== 'sealed') damaged.push(report);
    }
  }
  if (stale.length > 0) throw staleRuns(plan, stale);
  if (damaged.length > 0) throw damagedRuns(plan, damaged);
  // Another sweep still writing into this folder would collide run by run: say so before running anything.
  for (const run of todo) {
    const writer = runWriter(run.file);
    if (writer) throw inUse(plan, writer, run.file);
  }
  // Only now that the sweep will run: the errored runs' files make way for their reruns (and are kept).
  for (const run of rerun) {
    renameSync(run.file, keptAs(`${run.file}.errored`));
    todo.push(run);
  }
  const jobs: RunJob[] = todo.map((run) => ({ index: run.index, config: run.config, dir: plan.dir, cell: cellOf(run) }));
  // A live model's runs wait on the server, not on the CPU: many at a time on this thread, sharing one set of
  // model-call limits. The other runs still go to the workers, beside them.
  const live = jobs.filter((job) => usesLiveModel(job.config));
  const other = jobs.filter((job) => !usesLiveModel(job.config));
  const where = live.length === 0 ? workers : other.length === 0 || workers <= 0 ? 0 : `${workers} worker${workers > 1 ? 's' : ''} (the live model's runs on this thread)`;
  const progress = new SweepProgress(options.progress ?? null, unique.size, unique.size - todo.length, where);
  const onDone = (record: RunRecord) => {
    progress.tick();
    options.onRun?.(record);
  };
  const started = new Set<string>();
  const release = holdFolder(plan.dir);
  // The first run to fail stops the sweep: no more runs start, workers stop (their runs left unsealed), and the
  // live runs in flight stop at their next model call as on a spent budget (unsealed, their replies kept).
  const abort = new AbortController();
  const limits = sharedOpenAILimits();
  const stopAll = () => {
    if (abort.signal.aborted) return;
    abort.abort();
    limits.halt('the sweep stopped: another of its runs failed');
  };
  const parts = [
    runJobs(live, 0, onDone, {
      inFlight: options.liveRunsInFlight ?? 8,
      // Once the model-call budget is spent a live run would stop at its first call: start no more.
      skip: () => limits.spent() !== null,
      onStart: (job) => started.add(job.cell.runId),
      onFailure: stopAll,
      signal: abort.signal,
    }),
    runJobs(other, workers, onDone, { signal: abort.signal }),
  ].map((part) =>
    part.catch((error: unknown) => {
      stopAll();
      throw error;
    }),
  );
  let fresh: RunRecord[];
  try {
    const settled = await Promise.allSettled(parts);
    const failed = settled.find((part) => part.status === 'rejected');
    if (failed) throw failed.reason;
    fresh = settled.flatMap((part) => (part.status === 'fulfilled' ? part.value : []));
  } catch (error) {
    progress.stop();
    throw error;
  } finally {
    if (abort.signal.aborted) limits.unhalt();
    // The runs sealed their files but left their folder's entries to this one fsync (see RecorderOptions.syncFolder).
    await syncFolder(plan.dir);
    release();
  }
  if (fresh.length < jobs.length) {
    progress.stop();
    const cut = started.size - (fresh.length - other.length);
    throw budgetSpent(plan, unique.size, live.length - started.size, cut);
  }
  progress.finish();

  const byRunId = new Map(fresh.map((r) => [r.runId, r]));
  const records = plan.runs.map((run) => {
    let record = byRunId.get(run.runId);
    if (!record) byRunId.set(run.runId, (record = readRunRecord(cellOf(run))));
    return { ...record, ...cellOf(run) };
  });
  return { records, ran: todo.length, skipped: unique.size - todo.length };
}

function inUse(plan: SweepPlan, writer: LockOwner, file: string): UserError {
  return new UserError(`${plan.dir} is in use: ${describeOwner(writer)} is writing ${file}. Wait for that sweep to finish, or use another --out.`);
}

function budgetSpent(plan: SweepPlan, runs: number, unstarted: number, cut: number): UserError {
  const why = sharedOpenAILimits().spent()?.message ?? 'budget exhausted';
  const were = (n: number) => `${n} ${n === 1 ? 'was' : 'were'}`;
  const left = [...(cut ? [`${were(cut)} stopped at a call it refused (left unsealed, to resume)`] : []), ...(unstarted ? [`${were(unstarted)} not started (or resumed)`] : [])];
  return new UserError(
    `The model-call budget is spent (${why}): of the sweep's ${runs} run${runs === 1 ? '' : 's'}, ${left.join(' and ')}. ` +
      'A sweep with runs missing has no summary: run it again with a budget for the rest (--max-requests, --max-tokens); it keeps the runs sealed so far and finishes the others where they stopped.' +
      earlierSummaryNote(plan.dir),
  );
}

function damagedRuns(plan: SweepPlan, damaged: readonly VerifyReport[]): UserError {
  const first = damaged[0]!;
  const problem = first.problems[0];
  const more = damaged.length > 1 ? ` All of them: ${damaged.slice(0, 10).map((d) => d.file).join(', ')}${damaged.length > 10 ? `, and ${damaged.length - 10} more` : ''}.` : '';
  return new UserError(
    `${damaged.length} of the runs already recorded in ${plan.dir} ${damaged.length === 1 ? 'is' : 'are'} damaged, e.g. ${first.file}${problem ? ` (${problem.message.replace(/\.$/, '')})` : ''}: ` +
      `their figures cannot be trusted. \`troupe verify\` on them says more; delete them to run them again.${more}`,
  );
}

function staleRuns(plan: SweepPlan, stale: readonly { run: PlannedRun; recorded: RecordedSources }[]): UserError {
  const modules = stale.flatMap(({ run, recorded }) => [
    ...(recorded.world !== run.worldSource ? [changedSource(run.config.world, recorded.world, run.worldSource)] : []),
    ...changedSources(recorded.mitigations, run.mitigationSources),
    ...changedSources(recorded.monitors, run.monitorSources),
  ]);
  return new UserError(
    `${stale.length} of the runs already recorded in ${plan.dir} were made with other code of their world, mitigation or monitor modules: ${[...new Set(modules)].join('; ')}, e.g. ${stale[0]!.run.file}. ` +
      'Their results would not be this code\'s: sweep into another --out, or delete those run files to run them again.',
  );
}

function cellOf(run: PlannedRun): RunCell {
  return { runId: run.runId, file: run.file, arm: run.arm, world: run.world, agents: run.agents, instance: run.instance, trial: run.trial, seed: run.seed };
}
