import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../../src/policies/synthetic/index.ts';
import { monitorEvents } from '../../src/monitors/monitorEvents.ts';
import { forkRun } from '../../src/record/forkRun.ts';
import { readRun } from '../../src/record/readRun.ts';
import { runWorld } from '../../src/runner/index.ts';
import { recordedFlags, runCli } from './runCli.ts';

afterEach(() => vi.restoreAllMocks());

const fileLines = (file: string): string[] => readFileSync(file, 'utf8').split('\n');
const flagsOf = async (...args: string[]): Promise<{ monitor: string; span: { end: number } }[]> => JSON.parse((await runCli('monitor', ...args, '--json')).out);

/** relay seed 3 with role-flip and drift online: 3 flags; all monitors would raise 5. */
async function relayRun(dir: string): Promise<string> {
  const result = await runWorld({ config: { world: 'relay', seed: 3, monitors: { enabled: ['role-flip', 'drift'], params: {} } }, out: dir });
  return result.file!;
}

describe('troupe monitor over a run file uses the monitor config the run recorded', () => {
  it('runs only the monitors the run ran, and finds exactly its flags', async () => {
    const file = await relayRun(mkdtempSync(join(tmpdir(), 'troupe-rec-')));
    const recorded = recordedFlags(fileLines(file));
    expect(recorded).toHaveLength(3);
    expect(await flagsOf(file)).toEqual(recorded);
    // The defaults are one flag away: --ignore-recorded asks for them, --monitors and --param override.
    expect((await flagsOf(file, '--ignore-recorded')).length).toBeGreaterThan(recorded.length);
    expect((await flagsOf(file, '--monitors', 'drift')).map((f) => f.monitor)).toEqual(['drift']);
    expect(await flagsOf(file, '--param', 'drift.threshold=0.01')).toEqual(recorded.filter((f) => (f as { monitor: string }).monitor !== 'drift'));
  });

  it('follows a fork that changed the monitors: each phase with its own config, as online', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'troupe-recfork-'));
    const parent = await relayRun(dir);
    // After seq 165: role-flip off, infinite-loop and flake-reply on, drift at a different threshold.
    const child = await forkRun(parent, { at: 165, set: { monitors: 'drift,infinite-loop,flake-reply', 'monitor.drift.threshold': '0.6' }, out: join(dir, 'fork') });
    const recorded = recordedFlags(fileLines(child.file!));
    const { out, err } = await runCli('monitor', child.file!, '--json');
    expect(JSON.parse(out)).toEqual(recorded);
    expect(err).toMatch(/note: the monitor config changes after seq 165 \(monitors=drift,infinite-loop,flake-reply, monitor\.drift\.threshold=0\.6\)/);
    // Neither config alone gives the run's flags: the parent's misses the loop, the fork's adds a flake and drops a role flip.
    const monitors = (recorded as { monitor: string }[]).map((f) => f.monitor);
    expect(monitors).toContain('role-flip');
    expect(monitors).toContain('infinite-loop');
    expect(await flagsOf(child.file!, '--ignore-recorded', '--monitors', 'role-flip,drift')).not.toEqual(recorded);
    expect(await flagsOf(child.file!, '--ignore-recorded', '--monitors', 'drift,infinite-loop,flake-reply', '--param', 'drift.threshold=0.6')).not.toEqual(recorded);
  });

  it('counts a flag raised on the fork point event itself in the new phase, as online', async () => {
    // A run with no monitors; the fork turns role-flip on at exactly the message role-flip flags first.
    const dir = mkdtempSync(join(tmpdir(), 'troupe-recedge-'));
    const parent = (await runWorld({ config: { world: 'relay', seed: 3, monitors: { enabled: [], params: {} } }, out: dir })).file!;
    const [first] = monitorEvents(readRun(parent).events, { enabled: ['role-flip'] });
    const at = first!.span.end;
    const child = await forkRun(parent, { at, set: { monitors: 'role-flip' }, out: join(dir, 'fork') });
    const recorded = recordedFlags(fileLines(child.file!)) as { span: { end: number } }[];
    expect(recorded[0]!.span.end).toBe(at);
    expect(await flagsOf(child.file!)).toEqual(recorded);
  });

  it('accepts --monitors none, as troupe run does, and says that nothing ran', async () => {
    const file = await relayRun(mkdtempSync(join(tmpdir(), 'troupe-none-')));
    const { out, err } = await runCli('monitor', file, '--monitors', 'none');
    expect(out).toBe('0 flags\n');
    expect(err).toMatch(/no monitors enabled/);
    await expect(runCli('monitor', file, '--monitors', 'none,drift')).rejects.toThrow(/"all" and "none" stand alone/);
    // Listed twice: a config that differs from the one listing it once (another run id) for the same monitors.
    await expect(runCli('monitor', file, '--monitors', 'drift, drift')).rejects.toThrow('--monitors "drift, drift": "drift" is listed twice; list each monitor once.');
  });
});
