import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { wallClockMs } from '../determinism/clock.ts';
import { adHocExperiment, planSweep, runSweep } from '../experiment/index.ts';
import { parseArms } from '../mitigations/index.ts';
import { cpuMsWithChildren } from './cpuMsWithChildren.ts';

/**
 * Runs of each short sweep, on one and on two workers (the same size on both, so fixed costs such as worker
 * start-up and JIT warm-up weigh alike): the target is 1,000 runs in under 60 s. A sweep is whole seeds
 * of three arms, so this times ceil(1000 / 3) = 334 seeds, i.e. 1,002 runs.
 */
const RUNS = 1000;
/**
 * Runs of each long sweep, whose runs after the first `WARM` give the rates after warm-up: long enough for the
 * warm-up of each worker to weigh little in the whole sweep.
 */
const RUNS_LONG = 6000;
/** Runs of a long sweep counted as warm-up: by then each of two workers has done ~1,000, past its JIT warm-up. */
const WARM = 2000;

/**
 * Sweep throughput on synthetic camel-roleplay runs (monitors on, recording
 * on, three arms: none / goal-reinject:k=4 / placebo), with one and with two
 * worker processes (1,000 runs each, timed twice in the order one, two, two,
 * one), each into a fresh directory so nothing is skipped. Worker
 * start-up is included: it is part of what a sweep costs. The CPU figures
 * (this process and its worker processes) say how much of the machine the
 * sweep got: on a shared machine `coresUsed` below the worker count means
 * other load, not sweep overhead, capped the speed-up.
 *
 * `runsPerSecMainThread` is one 1,000-run sweep on this thread (no worker),
 * timed once, first, outside the symmetric order; `speedupVsMainThread` is
 * two workers against it. Both are rougher than the worker figures: drift
 * over the bench is not cancelled for them.
 *
 * Every worker is a fresh process that starts cold: it loads the code and
 * then runs slowly while V8 compiles the hot paths (on background threads,
 * i.e. on the other core). The long sweeps (6,000 runs) separate that from the
 * rate after warm-up: `…AfterWarmup` counts only the runs finished after the
 * first `WARM` runs of the sweep, up to the last run's finish, and
 * `warmupSeconds…` is how much longer the whole sweep (start-up and shutdown
 * included) took than those rates predict for all its runs. The long sweeps
 * are timed as ONE pair, one worker first, then two workers (a second pair
 * would double their time), so the drift the symmetric order cancels for the
 * 1,000-run sweeps is not cancelled here: the long speed-ups
 * (`speedupLongSweep`, `speedupAfterWarmup`) carry it whole.
 */
export async function benchSweep(): Promise<Record<string, number>> {
  const serial = await timeSweep(RUNS, 0);
  // One, two, two, one: this machine's speed drifts over minutes, and the symmetric order cancels a steady drift
  // instead of crediting it to one setting.
  const oneA = await timeSweep(RUNS, 1);
  const twoA = await timeSweep(RUNS, 2);
  const twoB = await timeSweep(RUNS, 2);
  const one = joined(oneA, await timeSweep(RUNS, 1));
  const two = joined(twoA, twoB);
  // One pair only, one worker first (see above): any drift between the two is credited to one setting.
  const long = longFigures(await timeSweep(RUNS_LONG, 1), await timeSweep(RUNS_LONG, 2));
  const coresUsed1Worker = one.cpuMs / 1000 / one.seconds;
  return {
    runsPerSecMainThread: serial.runs / serial.seconds,
    runsPerSec1Worker: one.runs / one.seconds,
    runsPerSec2Workers: two.runs / two.seconds,
    speedup: two.runs / two.seconds / (one.runs / one.seconds),
    speedupVsMainThread: two.runs / two.seconds / (serial.runs / serial.seconds),
    runs2Workers: twoA.runs,
    // The slower of the two sweeps.
    seconds2Workers: Math.max(twoA.seconds, twoB.seconds),
    cpuMsPerRun1Worker: one.cpuMs / one.runs,
    cpuMsPerRun2Workers: two.cpuMs / two.runs,
    coresUsed1Worker,
    // With CPU per run unchanged, two workers can give at most (cores they can have) / (cores one worker already
    // keeps busy); they can have two cores at most, and only one on a one-core machine.
    speedupCeiling: Math.min(2, availableParallelism()) / coresUsed1Worker,
    coresUsed2Workers: two.cpuMs / 1000 / two.seconds,
    ...long,
  };
}

/** Two timings of the same sweep as one (their run-finish times are not kept). */
function joined(a: Timed, b: Timed): Timed {
  return { runs: a.runs + b.runs, seconds: a.seconds + b.seconds, cpuMs: a.cpuMs + b.cpuMs };
}

function longFigures(one: TimedRuns, two: TimedRuns): Record<string, number> {
  // Up to the last run's finish, not the sweep's end: what follows it (workers shutting down) is no run's work.
  const after = (t: TimedRuns) => (t.doneAt.length - WARM) / (t.doneAt.at(-1)! - t.doneAt[WARM - 1]!);
  const warmup = (t: TimedRuns) => t.seconds - t.runs / after(t);
  return {
    runsLongSweep: one.runs,
    speedupLongSweep: two.runs / two.seconds / (one.runs / one.seconds),
    runsPerSecAfterWarmup1Worker: after(one),
    runsPerSecAfterWarmup2Workers: after(two),
    speedupAfterWarmup: after(two) / after(one),
    warmupSeconds1Worker: warmup(one),
    warmupSeconds2Workers: warmup(two),
  };
}

interface Timed {
  readonly runs: number;
  readonly seconds: number;
  readonly cpuMs: number;
}

/** One sweep's timing with when each run finished. */
interface TimedRuns extends Timed {
  /** Seconds from the start at which the 1st, 2nd, … run finished. */
  readonly doneAt: readonly number[];
}

async function timeSweep(runs: number, workers: number): Promise<TimedRuns> {
  const arms = parseArms('none,goal-reinject:k=4,placebo');
  const seeds = Math.ceil(runs / arms.length);
  const experiment = adHocExperiment({ world: 'camel-roleplay', arms, seeds: { from: 1, to: seeds } });
  const out = mkdtempSync(join(tmpdir(), 'troupe-bench-sweep-'));
  try {
    const plan = await planSweep(experiment, out);
    const started = wallClockMs();
    const cpu = cpuMsWithChildren();
    const doneAt: number[] = [];
    const outcome = await runSweep(plan, { workers, onRun: () => doneAt.push((wallClockMs() - started) / 1000) });
    return { runs: outcome.ran, seconds: (wallClockMs() - started) / 1000, cpuMs: cpuMsWithChildren() - cpu, doneAt };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
