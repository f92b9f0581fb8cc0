import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wallClockMs } from '../determinism/clock.ts';
import { adHocExperiment, planSweep, runSweep } from '../experiment/index.ts';
import { parseArms } from '../mitigations/index.ts';

/** Options of the sweep bench (the defaults are what `npm run bench` measures). */
export interface BenchSweepOptions {
  /** Runs timed with one worker. */
  readonly runs1?: number;
  /** Runs timed with two workers: the target is 1,000 runs in under 60 s. */
  readonly runs2?: number;
  /** Runs of the long sweeps, on one and on two workers, whose later runs give the rates after warm-up (0: skip). */
  readonly runsLong?: number;
}

/**
 * Sweep throughput on synthetic camel-roleplay runs (monitors on, recording
 * on, three arms: none / goal-reinject:k=4 / placebo), with one and with two
 * worker threads (1,000 runs each, timed twice in the order one, two, two,
 * one), each into a fresh directory so nothing is skipped. Worker
 * start-up is included: it is part of what a sweep costs. The CPU figures
 * (process-wide, worker threads included) say how much of the machine the
 * sweep got: on a shared machine `coresUsed` below the worker count means
 * other load, not sweep overhead, capped the speed-up.
 *
 * Every worker is a fresh V8 isolate that starts cold: it loads the code and
 * then runs slowly while V8 compiles the hot paths (on a background thread,
 * i.e. on the other core). The long sweeps separate that from the rate after
 * warm-up: `…AfterWarmup` counts only the runs finished after the first
 * `WARM` runs of the sweep, and `warmupSeconds…` is how much longer the sweep
 * took than those rates predict for all its runs.
 */
export async function benchSweep(options: BenchSweepOptions = {}): Promise<Record<string, number>> {
  // The same sweep size on one and on two workers: fixed costs (worker start-up, JIT warm-up) weigh alike.
  const runs1 = options.runs1 ?? 1000;
  const runs2 = options.runs2 ?? 1000;
  const serial = await timeSweep(runs1, 0);
  // One, two, two, one: this machine's speed drifts over minutes, and the symmetric order cancels a steady drift
  // instead of crediting it to one setting.
  const oneA = await timeSweep(runs1, 1);
  const twoA = await timeSweep(runs2, 2);
  const twoB = await timeSweep(runs2, 2);
  const one = joined(oneA, await timeSweep(runs1, 1));
  const two = joined(twoA, twoB);
  const runsLong = options.runsLong ?? 3000;
  const long = runsLong > 0 ? longFigures(await timeSweep(runsLong, 1), await timeSweep(runsLong, 2)) : {};
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
    coresUsed1Worker: one.cpuMs / 1000 / one.seconds,
    // With CPU per run unchanged, two cores can give at most 2 / (cores one worker already keeps busy).
    speedupCeiling: 2 / (one.cpuMs / 1000 / one.seconds),
    coresUsed2Workers: two.cpuMs / 1000 / two.seconds,
    ...long,
  };
}

/** Two timings of the same sweep as one (their run-finish times are not kept). */
function joined(a: Timed, b: Timed): Timed {
  return { runs: a.runs + b.runs, seconds: a.seconds + b.seconds, cpuMs: a.cpuMs + b.cpuMs, doneAt: [] };
}

/** Runs of a long sweep counted as warm-up: by then each of two workers has done ~500, past its JIT warm-up. */
const WARM = 1000;

function longFigures(one: Timed, two: Timed): Record<string, number> {
  const after = (t: Timed) => (t.runs - WARM) / (t.seconds - t.doneAt[WARM - 1]!);
  const warmup = (t: Timed) => t.seconds - t.runs / after(t);
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
  /** Seconds from the start at which the 1st, 2nd, … run finished. */
  readonly doneAt: readonly number[];
}

async function timeSweep(runs: number, workers: number): Promise<Timed> {
  const arms = parseArms('none,goal-reinject:k=4,placebo');
  const seeds = Math.ceil(runs / arms.length);
  const experiment = adHocExperiment({ world: 'camel-roleplay', arms, seeds: { from: 1, to: seeds } });
  const out = mkdtempSync(join(tmpdir(), 'troupe-bench-sweep-'));
  try {
    const plan = await planSweep(experiment, out);
    const started = wallClockMs();
    const cpu = process.cpuUsage();
    const doneAt: number[] = [];
    const outcome = await runSweep(plan, { workers, onRun: () => doneAt.push((wallClockMs() - started) / 1000) });
    const used = process.cpuUsage(cpu);
    return { runs: outcome.ran, seconds: (wallClockMs() - started) / 1000, cpuMs: (used.user + used.system) / 1000, doneAt };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
