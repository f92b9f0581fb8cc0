import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { runWorld } from '../../src/runner/index.ts';
import { tempDir } from '../helpers/runs.ts';
import { troupe } from '../helpers/cli.ts';

describe('bad input', () => {
  it('an invalid agent spec is a readable error naming the field', async () => {
    const run = runWorld({
      config: { world: 'relay', seed: 1, agents: [{ id: 'planner', role: { name: 'Planner', description: 'plans', duties: [], forbidden: [], acts: ['plan'] }, goal: { statement: 'ship', successCriteria: [] } }] },
    });
    await expect(run).rejects.toThrow(UserError);
    await expect(run).rejects.toThrow(/Agent spec #1[\s\S]*role\.duties/);
  });

  it('--out naming a file (or a path through one) is a user error for run, fork, resume and sweep, not a crash', async () => {
    const dir = tempDir();
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'mine\n');
    const run = await troupe('run', 'relay', '--out', dir, '--max-turns', '6');
    const recorded = join(dir, readdirSync(dir).find((f) => f.endsWith('.jsonl'))!);
    for (const args of [
      ['run', 'relay', '--out', file],
      ['run', 'relay', '--out', join(file, 'sub')],
      ['fork', recorded, '--at', 'turn:3', '--seed', '2', '--out', file],
      ['sweep', '--world', 'relay', '--arms', 'none', '--seeds', '1', '--out', file, '--no-progress'],
    ]) {
      const r = await troupe(...args);
      expect(run.code).toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(new RegExp(`^troupe: Cannot write .*: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is a file, not a folder; choose a folder with --out DIR\.\n$`));
      expect(r.code, args.join(' ')).toBe(1);
    }
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });

  it('an invalid world parameter names the parameter', async () => {
    await expect(runWorld({ config: { world: 'relay', seed: 1, worldParams: { team: 9 } } })).rejects.toThrow(/World "relay" parameters[\s\S]*team/);
  });

  it('an agents file of the wrong shape is explained in words (run and replay share the reader)', async () => {
    const file = join(tempDir(), 'agents.json');
    writeFileSync(file, '{"x":1}');
    const r = await troupe('run', 'relay', '--agents', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`troupe: Agents file ${file} holds an object with keys "x" and no "agents" list: expected a JSON array of agent specs, or an object {"agents": [...]} holding one.\n`);
  });

  it('an agents file must keep the world’s agent ids: the world’s code addresses its agents by id', async () => {
    const dir = tempDir();
    const file = join(dir, 'agents.json');
    const card = (id: string) => ({ id, role: { name: id, description: 'd', duties: ['x'], forbidden: [], acts: ['solve'] }, goal: { statement: 'g', successCriteria: ['c'] } });
    writeFileSync(file, JSON.stringify([card('counter'), card('checker')]));
    const r = await troupe('run', 'camel-roleplay', '--agents', file, '--out', dir);
    expect([r.code, r.stderr]).toEqual([
      1,
      `troupe: Agents file ${file} has agents counter, checker; world "camel-roleplay" with these parameters has user, assistant. ` +
        "An agents file replaces the role cards, goals and policies of the world's agents and keeps their ids (a world's parameters may set its team, e.g. relay's --param team=N).\n",
    ]);
    // The same ids in another order are the same team.
    writeFileSync(file, JSON.stringify([card('assistant'), card('user')]));
    expect((await troupe('run', 'camel-roleplay', '--agents', file, '--out', dir)).code).toBe(0);
  });

  it('a key=value flag that gives one key two values is refused (which one was meant?); the same value twice is fine', async () => {
    const twice = await troupe('run', 'relay', '--param', 'team=3', '--param', 'team=5', '--out', tempDir());
    expect([twice.code, twice.stderr]).toEqual([1, `troupe: option '--param <key=value>' argument 'team=5' is invalid. team is given twice ("3", then "5"): give it once.\n(run with --help for usage)\n`]);
    expect((await troupe('run', 'relay', '--param', 'team=3', '--param', 'team=3', '--out', tempDir())).code).toBe(0);
    const monitorParam = await troupe('eval', 'monitors', '--param', 'drift.threshold=0.1', '--param', 'drift.threshold=0.2');
    expect(monitorParam.stderr).toContain('drift.threshold is given twice (0.1, then 0.2): give it once.');
  });

  it('an empty --monitors list is refused rather than read as "none", by run and by an ad-hoc sweep', async () => {
    for (const command of [['run', 'relay'], ['sweep', '--world', 'relay', '--seeds', '1']]) {
      const r = await troupe(...command, '--monitors', ' , ', '--out', tempDir());
      expect(r.code, command[0]).toBe(1);
      expect(r.stderr, command[0]).toBe('troupe: --monitors " , ": give monitor names (e.g. role-flip,drift), all, or none to run no monitor.\n');
    }
  });

  it('a misspelt world parameter is refused, not dropped (the run would silently use the default)', async () => {
    await expect(runWorld({ config: { world: 'camel-roleplay', seed: 1, worldParams: { taks: 'trading-bot' } } })).rejects.toThrow(
      'World "camel-roleplay" parameters: unknown parameter "taks" (known: task).',
    );
    const cli = await troupe('sweep', '--world', 'camel-roleplay', '--param', 'taks=trading-bot', '--seeds', '1..2', '--out', tempDir());
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('unknown parameter "taks"');
  });

  it('the CLI reports an unknown world, a bad flag and a broken agents file in one paragraph, exit 1, no stack trace', async () => {
    const unknown = await troupe('run', 'no-such-world');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown world "no-such-world"');
    expect(unknown.stderr).not.toMatch(/\n\s+at /);

    const badFlag = await troupe('run', 'relay', '--seed', 'soon');
    expect(badFlag.code).toBe(1);
    expect(badFlag.stderr).toContain('--seed must be an integer');
    // Every error line says where it comes from, the flag parser's included.
    expect(badFlag.stderr).toMatch(/^troupe: option '--seed <n>' argument 'soon' is invalid/);
    // Subcommands of subcommands too (eval monitors, import ag2).
    const nested = await troupe('eval', 'monitors', '--runs', '1');
    expect([nested.code, nested.stderr]).toEqual([1, expect.stringMatching(/^troupe: option '--runs <n>' argument '1' is invalid/)]);

    const dir = tempDir();
    const file = join(dir, 'agents.json');
    writeFileSync(file, JSON.stringify([{ id: '9lives', role: { name: 'X' }, goal: { statement: 'y', successCriteria: [] } }]));
    const badAgents = await troupe('run', 'relay', '--agents', file, '--out', dir);
    expect(badAgents.code).toBe(1);
    expect(badAgents.stderr).toContain(`Agents file ${file} failed validation`);
    expect(badAgents.stderr).toMatch(/id/);
    expect(badAgents.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unwritable output directory fails before anything is written', async () => {
    const result = await troupe('run', 'relay', '--policy', 'scripted', '--out', '/proc/troupe-cannot-write');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Cannot write the run file');
  });

  it('a bad mitigation or a missing API key is refused before any run file is written', async () => {
    const out = join(tempDir(), 'runs');
    const badArm = await troupe('run', 'camel-roleplay', '--mitigation', 'goal-reinject:q=1', '--out', out);
    expect(badArm.code).toBe(1);
    expect(badArm.stderr).toContain('unknown parameter "q"');
    const noKey = await troupe('run', 'camel-roleplay', '--policy', 'openai', '--model', 'm', '--base-url', 'http://127.0.0.1:9/v1', '--api-key-env', 'TROUPE_TEST_UNSET_KEY', '--out', out);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('TROUPE_TEST_UNSET_KEY is not set');
    expect(existsSync(out)).toBe(false);
  });

  it('a world module path that exports no world is refused with the reason', async () => {
    const dir = tempDir();
    const file = join(dir, 'notAWorld.ts');
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    writeFileSync(file, 'export const answer = 42;\n');
    const result = await troupe('run', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('must export exactly one world');
  });
});
