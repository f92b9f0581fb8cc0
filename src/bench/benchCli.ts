import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wallClockMs } from '../determinism/clock.ts';

const cli = join(import.meta.dirname, '..', 'cli', 'troupe.mjs');
/** Starts timed per command; the median is reported (one slow start, e.g. a cold disk cache, does not count). */
const STARTS = 7;

/**
 * How long the `troupe` command takes to start and end, in a fresh process
 * each time: `--version` (the CLI's own start: Node, tsx, the command tree),
 * `runs` on an empty folder (one light command), and `run` of the demo world
 * (the engine's modules and one short run, ~15 turns). `node -e 0` is the
 * floor: Node's own start, which troupe cannot go below.
 */
export async function benchCli(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-bench-cli-'));
  try {
    return {
      msNodeItself: median(() => execFileSync(process.execPath, ['-e', '0'])),
      msVersion: median(() => troupe('--version')),
      msRunsEmptyFolder: median(() => troupe('runs', '--dir', dir)),
      msRunDemo: median(() => troupe('run', 'camel-roleplay', '--seed', '7', '--out', dir)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function troupe(...args: string[]): void {
  execFileSync(process.execPath, [cli, ...args], { stdio: 'ignore' });
}

function median(start: () => void): number {
  const ms: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const t0 = wallClockMs();
    start();
    ms.push(wallClockMs() - t0);
  }
  return ms.sort((a, b) => a - b)[STARTS >> 1]!;
}
