import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import type { RunEvent } from '../../src/core/events.ts';
import { forkRun } from '../../src/record/forkRun.ts';
import { readRun } from '../../src/record/readRun.ts';
import { formatReplay, replayRun } from '../../src/record/replayRun.ts';
import { canonicalOfLine, hashOfLine } from '../../src/record/runFile.ts';
import { runWorld, type RunResult } from '../../src/runner/index.ts';
import { tempDir } from '../helpers/runs.ts';
import { relayCopy, replaceOnce } from './worldCopy.ts';

/** Canonical event texts of a run file (no header, no seal, no hashes). */
const eventsOf = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1, -2).map(canonicalOfLine);
const turnStart = (events: RunEvent[], turn: number) => events.find((e) => e.type === 'turn.start' && e.turn === turn)!.seq;

async function expectReplays(file: string): Promise<void> {
  const report = await replayRun(file);
  expect(report.status, formatReplay(report)).toBe('identical');
}

let parent: RunResult;
let parentEvents: string[];
let out: string;

beforeAll(async () => {
  out = tempDir();
  parent = await runWorld({ config: { world: 'relay', seed: 5, maxTurns: 40, worldParams: { jobs: 100 } }, out });
  parentEvents = eventsOf(parent.file!);
});

describe('fork', () => {
  it('with nothing changed reproduces the parent’s events exactly, wherever it forks', async () => {
    const events = readRun(parent.file!).events;
    for (const at of [0, 7, Math.floor(parent.events / 2), 'turn:12', parent.events - 2]) {
      const child = await forkRun(parent.file!, { at, out });
      expect(eventsOf(child.file!), `fork at ${at}`).toEqual(parentEvents);
      const seq = typeof at === 'number' ? at : turnStart(events, 12) - 1;
      const lines = readFileSync(parent.file!, 'utf8').split('\n');
      expect(readRun(child.file!).header.parent).toEqual({ runId: parent.runId, at: seq, hash: hashOfLine(lines[seq + 1]!), change: {} });
    }
    const camel = await runWorld({ config: { world: 'camel-roleplay', seed: 4, maxTurns: 12 }, out });
    expect(eventsOf((await forkRun(camel.file!, { at: 'turn:3', out })).file!)).toEqual(eventsOf(camel.file!));
  });

  it('keeps the past and changes what follows: a new seed takes effect after the fork point only', async () => {
    const child = await forkRun(parent.file!, { at: 'turn:10', seed: 9, out });
    const at = turnStart(readRun(parent.file!).events, 10) - 1;
    const events = eventsOf(child.file!);
    expect(events.slice(0, at + 1)).toEqual(parentEvents.slice(0, at + 1));
    expect(events.slice(at + 1)).not.toEqual(parentEvents.slice(at + 1));
    const header = readRun(child.file!).header;
    expect(header.config).toEqual(readRun(parent.file!).header.config); // the config its events started under
    expect(header.parent).toMatchObject({ runId: parent.runId, at, change: { seed: '9' } });
    expect(child.runId).not.toBe(parent.runId);
    await expectReplays(child.file!);
  });

  it('answers the calls requested after the fork point with the new policy', async () => {
    const child = await forkRun(parent.file!, { at: 'turn:5', policy: 'scripted', out });
    const at = turnStart(readRun(parent.file!).events, 5) - 1;
    const responses = readRun(child.file!).events.filter((e) => e.type === 'model.response');
    const parentResponses = readRun(parent.file!).events.filter((e) => e.type === 'model.response');
    const before = responses.filter((e) => e.seq <= at);
    expect(before).toEqual(parentResponses.filter((e) => e.seq <= at));
    const after = responses.filter((e) => e.seq > at);
    expect(after.length).toBeGreaterThan(0);
    for (const e of after) expect(e.reply!.content).toMatch(/here: I did the \w+ work on the next job\.\nACTION: \w+$/);
    await expectReplays(child.file!);
  });

  it('continues a run past its turn cap when the fork raises it', async () => {
    const capped = await runWorld({ config: { world: 'relay', seed: 2, maxTurns: 12, worldParams: { jobs: 100 } }, out });
    expect(capped.termination.reason).toBe('max-turns');
    const child = await forkRun(capped.file!, { at: 'end', set: { maxTurns: '20' }, out });
    expect(child.turns).toBe(20);
    // Everything before the ending (agents finishing, run.end) is kept.
    const ending = readRun(capped.file!).events.findIndex((e) => e.type === 'agent.state' && e.cause === 'FINISH');
    expect(child.parent.at).toBe(ending - 1);
    expect(eventsOf(child.file!).slice(0, ending)).toEqual(eventsOf(capped.file!).slice(0, ending));
    await expectReplays(child.file!);
  });

  it('switches monitors at the fork point: flags before it stay, none are raised after it', async () => {
    const events = readRun(parent.file!).events;
    const flags = events.filter((e) => e.type === 'flag');
    expect(flags.length, 'the parent needs flags on both sides of the fork point').toBeGreaterThan(1);
    const at = flags[0]!.seq;
    const child = await forkRun(parent.file!, { at, set: { monitors: 'none' }, out });
    const childFlags = readRun(child.file!).events.filter((e) => e.type === 'flag');
    expect(childFlags).toEqual([flags[0]]);
    await expectReplays(child.file!);
  });

  it('forks a fork: the grandchild records the lineage and replays both changes', async () => {
    const child = await forkRun(parent.file!, { at: 'turn:8', policy: 'scripted', out });
    const grandchild = await forkRun(child.file!, { at: 'turn:20', seed: 4, set: { maxTurns: '45' }, out });
    const header = readRun(grandchild.file!).header;
    expect(header.parent!.runId).toBe(child.runId);
    expect(header.parent!.lineage).toEqual([{ at: readRun(child.file!).header.parent!.at, change: { policy: 'scripted' } }]);
    // Its history — run.start included — began as the original run.
    expect(header.parent!.origin).toBe(parent.runId);
    expect(readRun(grandchild.file!).events[0]).toMatchObject({ type: 'run.start', runId: parent.runId });
    expect(grandchild.turns).toBe(45);
    await expectReplays(grandchild.file!);
  });

  it('refuses to fork a fork before its own fork point, where the fork would drop its change and copy an ancestor', async () => {
    const child = await forkRun(parent.file!, { at: 'turn:20', set: { maxTurns: '30' }, out });
    const at = readRun(child.file!).header.parent!.at;
    await expect(forkRun(child.file!, { at: 'turn:10', out: tempDir() })).rejects.toThrow(
      new RegExp(`comes before the run's own fork point \\(maxTurns=30 after seq ${at}\\): .* Fork ${parent.runId} \\(the original run: the same events up to seq \\d+\\) instead, or fork this run at seq ${at} or later\\.$`),
    );
    // At or after it, a fork with nothing changed reproduces the fork.
    const again = await forkRun(child.file!, { at: at + 5, out: tempDir() });
    expect(eventsOf(again.file!).slice(1)).toEqual(eventsOf(child.file!).slice(1));
    // Two levels down: before both changes the original run is named; between them, the fork that made the first.
    const grandchild = await forkRun(child.file!, { at: 'turn:25', seed: 8, out: tempDir() });
    await expect(forkRun(grandchild.file!, { at: 'turn:10', out: tempDir() })).rejects.toThrow(new RegExp(`Fork ${parent.runId} \\(the original run`));
    await expect(forkRun(grandchild.file!, { at: 'turn:22', out: tempDir() })).rejects.toThrow(new RegExp(`Fork the ancestor made by the fork after seq ${at} \\(maxTurns=30\\) instead, or fork this run at seq \\d+ or later\\.$`));
  });

  it('refuses fork points outside the run and changes a fork cannot make, with readable errors', async () => {
    await expect(forkRun(parent.file!, { at: 'turn:99', out })).rejects.toThrow(new UserError('--at turn:99: the run has 40 turns, so it has no turn 99 to fork at.'));
    await expect(forkRun(parent.file!, { at: parent.events - 1, out })).rejects.toThrow(/a fork point is the seq of an event before the run's end/);
    await expect(forkRun(parent.file!, { at: 'middle', out })).rejects.toThrow(/--at must be an event seq \(e\.g\. 120\), turn:N \(e\.g\. turn:10\) or end/);
    await expect(forkRun(parent.file!, { at: 3, set: { 'worldParams.jobs': '5' }, out })).rejects.toThrow(/--set worldParams\.jobs: not something a fork can change/);
    await expect(forkRun(parent.file!, { at: 3, set: { 'synthetic.nobody.flipRate': '1' }, out })).rejects.toThrow(/no agent "nobody"/);
  });

  it('refuses a damaged parent', async () => {
    const dir = tempDir();
    const run = await runWorld({ config: { world: 'relay', seed: 1, maxTurns: 10 }, out: dir });
    const lines = readFileSync(run.file!, 'utf8').split('\n');
    lines[6] = lines[6]!.replace('"seq":5', '"seq":5,"x":1');
    writeFileSync(run.file!, lines.join('\n'));
    await expect(forkRun(run.file!, { at: 20, out: dir })).rejects.toThrow(/Cannot fork a damaged run file[^]*line 7/);
  });

  it('refuses a parent that no longer replays up to the fork point, naming the divergence, and leaves no child file', async () => {
    const dir = tempDir();
    const run = await runWorld({ config: { world: relayCopy(join(dir, 'v1')), seed: 1, maxTurns: 10 }, out: dir });
    const changed = relayCopy(join(dir, 'v2'), (s) => replaceOnce(s, 'Board: ', 'Board now: '));
    const childDir = tempDir();
    await expect(forkRun(run.file!, { at: 'turn:5', out: childDir, world: changed })).rejects.toThrow(
      /no longer replays up to the fork point[^]*First divergent event: seq \d+[^]*the world's code changed/,
    );
    expect(readdirSync(childDir)).toEqual([]);
  });
});
