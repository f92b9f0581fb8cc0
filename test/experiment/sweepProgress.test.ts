import { describe, expect, it } from 'vitest';
import { SweepProgress } from '../../src/experiment/SweepProgress.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sweep progress on a log (not a TTY)', () => {
  it('prints a line every period even while no run finishes, with the elapsed time, and stops at finish', async () => {
    const lines: string[] = [];
    const progress = new SweepProgress({ isTTY: false, write: (t) => lines.push(t) }, 4, 0, 1, 200);
    await sleep(1100);
    const waiting = lines.slice(1);
    expect(waiting.length).toBeGreaterThanOrEqual(3);
    expect(waiting[0]).toMatch(/^0\/4 runs \(0%\) · \d+ s · 0\.0 runs\/s\n$/);
    progress.tick();
    progress.finish();
    const count = lines.length;
    await sleep(500);
    expect(lines.length).toBe(count);
    // One run in 1.1 s: under one a second, so the rate is per minute.
    expect(lines.at(-1)).toMatch(/^sweep: 1 runs in 1\.\d s \(\d+\.\d runs\/min\)\n$/);
  });

  it('stop ends the periodic lines of a sweep that failed', async () => {
    const lines: string[] = [];
    const progress = new SweepProgress({ isTTY: false, write: (t) => lines.push(t) }, 4, 0, 1, 100);
    progress.stop();
    await sleep(350);
    expect(lines).toHaveLength(1);
  });
});
