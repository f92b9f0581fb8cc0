import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wallClockMs } from '../determinism/clock.ts';
import { forkRun } from '../record/forkRun.ts';
import { replayRun } from '../record/replayRun.ts';
import { verifyRun } from '../record/verifyRun.ts';
import { runWorld } from '../runner/index.ts';

const relay = { world: 'relay', seed: 1, worldParams: { jobs: 10_000_000, project: 'team chat' } } as const;

/** Milliseconds `work` takes. */
async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = wallClockMs();
  const value = await work();
  return { ms: wallClockMs() - t0, value };
}

/**
 * Record, replay, verify and fork figures on one synthetic relay run (with
 * recording and the default monitors): the original run's events/s, replay's
 * events/s and its ratio to the original (target ≥ 1), verify's MB/s (target
 * ≥ 100), and a fork at the middle against a full rerun.
 */
export async function benchReplay(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-bench-replay-'));
  try {
    const turns = 6000;
    // Warm up every path once so the JIT has seen them.
    const warm = await runWorld({ config: { ...relay, maxTurns: 300 }, out: dir });
    await replayRun(warm.file!);
    verifyRun(warm.file!);
    await forkRun(warm.file!, { at: Math.floor(warm.events / 2), out: join(dir, 'warm-forks') });

    const original = await timed(() => runWorld({ config: { ...relay, maxTurns: turns }, out: dir }));
    const file = original.value.file!;
    const replay = await timed(() => replayRun(file));
    if (!replay.value.ok) throw new Error(`bench replay diverged: ${replay.value.status}`);

    const bytes = statSync(file).size;
    let verifyMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) verifyMs = Math.min(verifyMs, (await timed(() => verifyRun(file))).ms);

    // Best of two, alternating, so both see the same machine (other processes share its cores).
    let forkMs = Number.POSITIVE_INFINITY;
    let rerunMs = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 2; i++) {
      forkMs = Math.min(forkMs, (await timed(() => forkRun(file, { at: Math.floor(original.value.events / 2), out: join(dir, 'forks') }))).ms);
      rerunMs = Math.min(rerunMs, (await timed(() => runWorld({ config: { ...relay, maxTurns: turns }, out: join(dir, 'rerun') }))).ms);
    }

    const originalRate = original.value.events / (original.ms / 1000);
    const replayRate = replay.value.regenerated / (replay.ms / 1000);
    return {
      events: original.value.events,
      runEventsPerSec: Math.round(originalRate),
      replayEventsPerSec: Math.round(replayRate),
      replayToRun: replayRate / originalRate,
      fileMb: bytes / 1e6,
      verifyMbPerSec: bytes / 1e6 / (verifyMs / 1000),
      forkMiddleMs: Math.round(forkMs),
      fullRerunMs: Math.round(rerunMs),
      forkToRerun: forkMs / rerunMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
