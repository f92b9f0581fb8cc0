import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical.ts';
import { chainHash } from '../../src/record/chain.ts';
import { readRun } from '../../src/record/readRun.ts';
import { RUN_FORMAT_VERSION } from '../../src/record/runFile.ts';
import { formatReplay, replayRun } from '../../src/record/replayRun.ts';
import { forkRun } from '../../src/record/forkRun.ts';
import { tempDir } from '../helpers/runs.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';

// The same runs in the current format and in format version 1 (v1/), which newer code must keep replaying.
const dirs = { current: fileURLToPath(new URL('../golden/', import.meta.url)), v1: fileURLToPath(new URL('../golden/v1/', import.meta.url)) };
const goldensIn = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(dir, f));
const goldens = Object.values(dirs).flatMap(goldensIn);
const REGENERATE = 'If this change of behaviour is intended, regenerate the goldens: node --import tsx test/golden/makeGolden.ts';

describe('the committed golden runs', () => {
  for (const [format, version] of [['current', RUN_FORMAT_VERSION], ['v1', 1]] as const) {
    it(`cover both worlds, the synthetic and scripted policies, and a fork, in format ${format}`, () => {
      const runs = goldensIn(dirs[format]).map((f) => readRun(f).header);
      expect(new Set(runs.map((h) => h.version))).toEqual(new Set([version]));
      expect(new Set(runs.map((h) => h.world))).toEqual(new Set(['camel-roleplay', 'relay']));
      expect(new Set(runs.flatMap((h) => h.config.agents.map((a) => a.policy.kind)))).toEqual(new Set(['synthetic', 'scripted']));
      expect(runs.some((h) => h.parent !== null)).toBe(true);
    });
  }

  for (const file of goldens) {
    it(`${file.slice(dirs.current.length)} is intact and replays byte for byte with today's code`, async () => {
      expect(verifyRun(file).status).toBe('sealed');
      const report = await replayRun(file);
      expect(report.status, `${formatReplay(report)}\n${REGENERATE}`).toBe('identical');
      expect(report.finalHash).toBe(readRun(file).seal!.finalHash);
    });
  }

  it('v1/ holds format version 1 files: a fork of one stays version 1 (request hashes by that rule) and replays byte for byte', async () => {
    const file = join(dirs.v1, 'relay-synthetic.jsonl');
    expect(readRun(file).header.version).toBe(1);
    const child = await forkRun(file, { at: 'turn:20', seed: 3, out: tempDir() });
    const run = readRun(child.file!);
    expect(run.header.version).toBe(1);
    expect(run.events.length).toBeGreaterThan(readRun(file).header.config.maxTurns);
    const report = await replayRun(child.file!);
    expect(report.status, formatReplay(report)).toBe('identical');
  });

  for (const golden of Object.values(dirs)) {
    it(`the golden fork in ${golden.slice(dirs.current.length) || 'golden/'} shares its parent’s past: its events up to the fork point chain to the parent’s recorded hash`, () => {
      const child = readRun(join(golden, 'relay-fork.jsonl'));
      const parent = readRun(join(golden, 'relay-synthetic.jsonl'));
      expect(child.header.parent!.runId).toBe(parent.header.runId);
      let h = parent.header.h;
      for (const e of child.events.slice(0, child.header.parent!.at + 1)) h = chainHash(h, canonicalJson(e));
      expect(h).toBe(child.header.parent!.hash);
    });
  }
});
