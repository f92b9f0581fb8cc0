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
}

/**
 * Sweep throughput on synthetic camel-roleplay runs (monitors on, recording
 * on, three arms: none / goal-reinject:k=4 / placebo), with one and with two
 * worker threads, each into a fresh directory so nothing is skipped. Worker
 * start-up is included: it is part of what a sweep costs. The CPU figures
 * (process-wide, worker threads included) say how much of the machine the
 * sweep got: on a shared machine `coresUsed` below the worker count means
 * other load, not sweep overhead, capped the speed-up.
 */
export async function benchSweep(options: BenchSweepOptions = {}): Promise<Record<string, number>> {
  // The same sweep size on one and on two workers: fixed costs (worker start-up, JIT warm-up) weigh alike.
  const runs1 = options.runs1 ?? 1000;
  const runs2 = options.runs2 ?? 1000;
  const serial = await timeSweep(runs1, 0);
  const one = await timeSweep(runs1, 1);
  const two = await timeSweep(runs2, 2);
  return {
    runsPerSecMainThread: serial.runs / serial.seconds,
    runsPerSec1Worker: one.runs / one.seconds,
    runsPerSec2Workers: two.runs / two.seconds,
    speedup: two.runs / two.seconds / (one.runs / one.seconds),
    speedupVsMainThread: two.runs / two.seconds / (serial.runs / serial.seconds),
    runs2Workers: two.runs,
    seconds2Workers: two.seconds,
    cpuMsPerRun1Worker: one.cpuMs / one.runs,
    cpuMsPerRun2Workers: two.cpuMs / two.runs,
    coresUsed1Worker: one.cpuMs / 1000 / one.seconds,
    // With CPU per run unchanged, two cores can give at most 2 / (cores one worker already keeps busy).
    speedupCeiling: 2 / (one.cpuMs / 1000 / one.seconds),
    coresUsed2Workers: two.cpuMs / 1000 / two.seconds,
  };
}

async function timeSweep(runs: number, workers: number): Promise<{ runs: number; seconds: number; cpuMs: number }> {
  const arms = parseArms('none,goal-reinject:k=4,placebo');
  const seeds = Math.ceil(runs / arms.length);
  const experiment = adHocExperiment({ world: 'camel-roleplay', arms, seeds: { from: 1, to: seeds } });
  const out = mkdtempSync(join(tmpdir(), 'troupe-bench-sweep-'));
  try {
    const plan = await planSweep(experiment, out);
    const started = wallClockMs();
    const cpu = process.cpuUsage();
    const outcome = await runSweep(plan, { workers });
    const used = process.cpuUsage(cpu);
    return { runs: outcome.ran, seconds: (wallClockMs() - started) / 1000, cpuMs: (used.user + used.system) / 1000 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
