import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readRun } from '../../src/record/readRun.ts';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

describe('troupe run', () => {
  it('--json prints one object with the run id, file, world, seed, turns, events, termination and the seal hash', async () => {
    const out = tempDir();
    const { code, stdout } = await troupe('run', 'camel-roleplay', '--policy', 'scripted', '--seed', '9', '--out', out, '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(result).sort()).toEqual(['events', 'file', 'finalHash', 'runId', 'seed', 'termination', 'turns', 'world']);
    expect(result).toMatchObject({ world: 'camel-roleplay', seed: 9, termination: { reason: 'done' } });
    const run = readRun(result.file as string);
    expect(run.seal?.finalHash).toBe(result.finalHash);
    expect(run.seal?.events).toBe(result.events);
  });

  it('names a world by the path of its module as well as by id', async () => {
    const out = tempDir();
    const byPath = JSON.parse((await troupe('run', 'worlds/relay.ts', '--policy', 'scripted', '--out', out, '--json')).stdout);
    expect(byPath.world).toBe('relay');
    expect(existsSync(byPath.file)).toBe(true);
  });

  it('prints a human summary with the world, seed, turns, termination and run file', async () => {
    const out = tempDir();
    const { code, stdout } = await troupe('run', 'relay', '--policy', 'scripted', '--seed', '3', '--out', out);
    expect(code).toBe(0);
    expect(stdout).toMatch(/relay .* seed 3/);
    expect(stdout).toMatch(/turns \d+/);
    expect(stdout).toContain('ended: goal-reached');
    expect(stdout).toContain(`run file: ${out}`);
    expect(stdout).toMatch(/ \(read it: troupe show \S+\.jsonl\)\n/);
  });

  it('lists the worlds with a description', async () => {
    const { stdout } = await troupe('worlds');
    expect(stdout).toMatch(/^camel-roleplay\s+CAMEL/m);
    expect(stdout).toMatch(/^relay\s+A team/m);
  });
});
