import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/core/events.ts';
import { conversationText } from '../../src/record/conversationText.ts';
import { RunFileEvents } from '../../src/monitors/offline/RunFileEvents.ts';
import { runWorld } from '../../src/runner/index.ts';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

const golden = join(import.meta.dirname, '..', 'golden', 'relay-synthetic.jsonl');
const lines = readFileSync(golden, 'utf8').split('\n').slice(0, -1);
const events = lines.slice(1, -1).map((l) => JSON.parse(l) as RunEvent);
const of = <T extends RunEvent['type']>(type: T) => events.filter((e): e is Extract<RunEvent, { type: T }> => e.type === type);

/** The conversation text of a run file, as `troupe show` prints it. */
function show(file: string, options: Parameters<typeof conversationText>[2] = {}): string[] {
  const run = RunFileEvents.open(file);
  try {
    return [...conversationText(run.header, run, options)];
  } finally {
    run.close();
  }
}

describe('troupe show', () => {
  it('prints every message in order, with its seq, sender, addressee and whole text, and how the run ended', () => {
    const text = show(golden).join('\n');
    let from = 0;
    for (const m of of('message')) {
      const block = `  #${m.seq}`.padEnd(8) + `${m.from} → ${m.to ?? 'all'}\n${m.content.split('\n').map((l) => `      ${l}`.trimEnd()).join('\n')}`;
      const at = text.indexOf(block, from);
      expect(at, `message #${m.seq}`).toBeGreaterThanOrEqual(from);
      from = at + block.length;
    }
    const end = of('run.end')[0]!;
    expect(text.endsWith(`ended (#${end.seq}): ${end.reason} — ${end.detail} · ${end.turns} turns · ${end.messages} messages · goal progress ${end.progress.toFixed(2)}`)).toBe(true);
  });

  it('puts each flag and ground-truth label at its place in the conversation, and hides the labels with --no-truth', () => {
    const shown = show(golden);
    const seqOf = (line: string) => Number(/^ {2}#(\d+)/.exec(line)?.[1] ?? NaN);
    const numbered = shown.map(seqOf).filter((n) => !Number.isNaN(n));
    expect(numbered).toEqual([...numbered].sort((a, b) => a - b));
    const flagLines = shown.filter((l) => / · (role-flip|flake-reply|infinite-loop|drift|camel-rules) /.test(l) && /\(score /.test(l));
    expect(flagLines.map(seqOf)).toEqual(of('flag').map((f) => f.seq));
    for (const f of of('flag')) expect(shown).toContainEqual(expect.stringContaining(f.explanation));
    const truths = shown.filter((l) => / truth · /.test(l));
    expect(truths.map(seqOf)).toEqual(of('truth').map((t) => t.seq));
    expect(truths.length).toBeGreaterThan(0);
    expect(show(golden, { truth: false }).filter((l) => / truth · /.test(l))).toEqual([]);
  });

  it('--agent keeps what concerns one agent, and --turns a range of turns, each under its turn heading', () => {
    const agent = of('message').find((m) => m.from !== 'world')!.from;
    const shown = show(golden, { agent });
    const messages = shown.filter((l) => / → /.test(l.split('\n')[0]!) && /^ {2}#/.test(l));
    expect(messages.length).toBe(of('message').filter((m) => m.from === agent || m.to === agent || m.to === null).length);
    for (const m of messages) expect(m.split('\n')[0]).toMatch(new RegExp(`#\\d+ +(${agent} → |\\S+ → (${agent}|all)$)`));

    const turns = show(golden, { turns: { from: 2, to: 3 } }).filter((l) => l.startsWith('turn '));
    expect(turns.map((l) => l.split(' · ')[0])).toEqual(['turn 2', 'turn 3']);
  });

  it("shows a mitigation's interventions with what it put into the agent's context", async () => {
    const dir = tempDir();
    const result = await runWorld({ config: { world: 'camel-roleplay', seed: 5, mitigations: [{ kind: 'goal-reinject', params: { k: 4 } }] }, out: dir });
    const recorded = readFileSync(result.file!, 'utf8').split('\n').filter((l) => l.includes('"type":"intervention"')).map((l) => JSON.parse(l) as Extract<RunEvent, { type: 'intervention' }>);
    expect(recorded.length).toBeGreaterThan(0);
    const text = show(result.file!).join('\n');
    for (const i of recorded) expect(text).toContain(`#${i.seq}`.padEnd(6) + `goal-reinject → ${i.agent} (note, ${i.trigger})\n      ${i.content}`);
  });

  describe('on the command line', () => {
    let dir: string;
    beforeAll(() => {
      dir = tempDir();
    });

    it('shows an unsealed file as far as it goes, with a warning', async () => {
      const cut = join(dir, 'cut.jsonl');
      writeFileSync(cut, `${lines.slice(0, 40).join('\n')}\n`);
      const { code, stdout, stderr } = await troupe('show', cut);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^relay · seed 2 · run /);
      expect(stdout).not.toMatch(/^ended/m);
      expect(stderr).toMatch(/^troupe: warning: \S+cut\.jsonl is unsealed .* — shown the 39 events it holds so far\.\n$/);
    });

    it('names an agent the run does not have, and a bad --turns, with exit status 1', async () => {
      const agent = await troupe('show', golden, '--agent', 'nobody');
      expect([agent.code, agent.stdout]).toEqual([1, '']);
      expect(agent.stderr).toMatch(/^troupe: --agent: \S+relay-synthetic\.jsonl has no agent "nobody"; its agents: \w+/);
      const turns = await troupe('show', golden, '--turns', '5..2');
      expect(turns.code).toBe(1);
      expect(turns.stderr).toMatch(/--turns: expected a range like 3\.\.7 or one turn like 5/);
    });
  });
});
