import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical.ts';
import { chainHash } from '../../src/record/chain.ts';
import { readRun } from '../../src/record/readRun.ts';
import { formatReplay, replayRun } from '../../src/record/replayRun.ts';
import { forkRun } from '../../src/record/forkRun.ts';
import { tempDir } from '../helpers/runs.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';

const dir = fileURLToPath(new URL('../golden/', import.meta.url));
const goldens = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();
const REGENERATE = 'If this change of behaviour is intended, regenerate the goldens: node --import tsx test/golden/makeGolden.ts';

describe('the committed golden runs', () => {
  it('cover both worlds, the synthetic and scripted policies, and a fork', () => {
    const runs = goldens.map((f) => readRun(join(dir, f)).header);
    expect(new Set(runs.map((h) => h.world))).toEqual(new Set(['camel-roleplay', 'relay']));
    expect(new Set(runs.flatMap((h) => h.config.agents.map((a) => a.policy.kind)))).toEqual(new Set(['synthetic', 'scripted']));
    expect(runs.some((h) => h.parent !== null)).toBe(true);
  });

  for (const name of goldens) {
    it(`${name} is intact and replays byte for byte with today's code`, async () => {
      const file = join(dir, name);
      expect(verifyRun(file).status).toBe('sealed');
      const report = await replayRun(file);
      expect(report.status, `${formatReplay(report)}\n${REGENERATE}`).toBe('identical');
      expect(report.finalHash).toBe(readRun(file).seal!.finalHash);
    });
  }

  it('are format version 1 files: a fork of one stays version 1 (request hashes by that rule) and replays byte for byte', async () => {
    const file = join(dir, 'relay-synthetic.jsonl');
    expect(readRun(file).header.version).toBe(1);
    const child = await forkRun(file, { at: 'turn:20', seed: 3, out: tempDir() });
    const run = readRun(child.file!);
    expect(run.header.version).toBe(1);
    expect(run.events.length).toBeGreaterThan(readRun(file).header.config.maxTurns);
    const report = await replayRun(child.file!);
    expect(report.status, formatReplay(report)).toBe('identical');
  });

  it('the golden fork shares its parent’s past: its events up to the fork point chain to the parent’s recorded hash', () => {
    const child = readRun(join(dir, 'relay-fork.jsonl'));
    const parent = readRun(join(dir, 'relay-synthetic.jsonl'));
    expect(child.header.parent!.runId).toBe(parent.header.runId);
    let h = parent.header.h;
    for (const e of child.events.slice(0, child.header.parent!.at + 1)) h = chainHash(h, canonicalJson(e));
    expect(h).toBe(child.header.parent!.hash);
  });
});
