import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { startTroupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a long synthetic run, interrupted', () => {
  it('stops at the signal — not at the end of the run — and leaves its file unsealed and resumable', async () => {
    const out = tempDir();
    // About a minute of turns: the synthetic agents never wait on anything, so only the run loop's own pauses let
    // the signal in.
    const args = ['run', 'relay', '--param', 'jobs=100000', '--max-turns', '40000', '--out', out];
    const { child, stderr, exited } = startTroupe(...args);
    const file = () => {
      const [name] = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.jsonl')) : [];
      return name ? join(out, name) : null;
    };
    // Under way: the header and a first batch of events on disk.
    for (;;) {
      const f = file();
      if (f && statSync(f).size > 50_000) break;
      await sleep(50);
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const run = file()!;
    expect(stderr()).toContain(`${run} is unsealed: \`troupe resume ${run}\` finishes it.`);
    const report = verifyRun(run);
    expect(report.status).toBe('unsealed');
    expect(report.counts['run.end'] ?? 0).toBe(0);
    expect(existsSync(`${run}.lock`)).toBe(false);
  }, 60_000);
});
