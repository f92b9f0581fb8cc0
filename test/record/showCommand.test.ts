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
    expect(text.split('\n').at(-1)).toMatch(new RegExp(`^ended \\(#${end.seq}\\): ${end.reason} — .* · ${end.turns} turns · ${end.messages} messages`));
    // What it ran with comes first.
    expect(text.split('\n')[1]).toMatch(/^ {2}mitigations: none · monitors: all · policy: synthetic · caps: \d+ turns/);
  });

  it("puts a role guard's refused reply before its labels and the block, and marks simultaneous turns", async () => {
    const dir = tempDir();
    const { file } = await runWorld({ config: { world: 'relay', seed: 3, worldParams: { scheduler: 'simultaneous' }, mitigations: [{ kind: 'role-guard', params: {} }] }, out: dir });
    const recorded = readFileSync(file!, 'utf8').split('\n').slice(1, -2).map((l) => JSON.parse(l) as RunEvent);
    const blocks = recorded.filter((e): e is Extract<RunEvent, { type: 'intervention' }> => e.type === 'intervention' && e.kind === 'block');
    expect(blocks.length).toBeGreaterThan(0);
    const shown = show(file!);
    for (const block of blocks) {
      // The reply it refused: the agent's last reply before the block, never published as a message.
      const reply = recorded.filter((e): e is Extract<RunEvent, { type: 'model.response' }> => e.type === 'model.response' && e.agent === block.agent && e.seq < block.seq && e.reply !== null).at(-1)!;
      const at = shown.findIndex((l) => l.startsWith(`  #${reply.seq}`.padEnd(8) + `${block.agent}'s reply, refused (never delivered):\n      ${reply.reply!.content.split('\n')[0]}`));
      expect(at, `block #${block.seq}`).toBeGreaterThan(0);
      expect(shown.findIndex((l) => l.startsWith(`  #${block.seq}`.padEnd(8) + 'role-guard → '))).toBeGreaterThan(at);
    }
    const seqs = shown.map((l) => Number(/^ {2}#(\d+)/.exec(l)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    // Cut right after a label (the run killed there), the label is still shown, and its reply as not yet published.
    const text = readFileSync(file!, 'utf8').split('\n');
    for (const t of recorded.filter((e) => e.type === 'truth').slice(0, 8)) {
      const cut = join(dir, `cut-${t.seq}.jsonl`);
      writeFileSync(cut, `${text.slice(0, t.seq + 2).join('\n')}\n`);
      const lines = show(cut);
      expect(lines.filter((l) => / truth · /.test(l)).length, `cut after #${t.seq}`).toBe(recorded.filter((e) => e.type === 'truth' && e.seq <= t.seq).length);
      expect(lines.at(-1)).toMatch(/^not ended: /);
    }
    expect(shown.find((l) => l.startsWith('turn 1 · '))).toMatch(/^turn 1 · (\w+, ){3,}\w+ \(simultaneous: each decided on the state at #\d+, before any of their replies\)$/);
  });

  it('says which run a fork came from and what it changed, and marks where its own events begin', () => {
    const fork = join(import.meta.dirname, '..', 'golden', 'relay-fork.jsonl');
    const header = JSON.parse(readFileSync(fork, 'utf8').split('\n')[0]!) as { parent: { runId: string; at: number } };
    const shown = show(fork);
    expect(shown[0]).toMatch(new RegExp(`· forked from ${header.parent.runId} at #${header.parent.at} \\(seed=9, maxTurns=30\\)$`));
    const banner = shown.findIndex((l) => l.startsWith('── fork: '));
    expect(shown[banner]).toBe(`── fork: the events above are ${header.parent.runId}'s, up to #${header.parent.at}; from here on this run's, with seed=9, maxTurns=30 ──`);
    const seqOf = (l: string | undefined) => Number(/^ {2}#(\d+)/.exec(l ?? '')?.[1] ?? NaN);
    expect(seqOf(shown.slice(0, banner).findLast((l) => !Number.isNaN(seqOf(l))))).toBeLessThanOrEqual(header.parent.at);
    expect(seqOf(shown.slice(banner).find((l) => !Number.isNaN(seqOf(l))))).toBeGreaterThan(header.parent.at);
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
    // Each flag's evidence, under it.
    for (const f of of('flag')) for (const x of f.evidence) expect(shown).toContain(`      #${x.seq}: ${x.excerpt}`);
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

  it('shows a note sent alike to several agents at once (a recap) once, naming them all', async () => {
    const { file } = await runWorld({ config: { world: 'camel-roleplay', seed: 5, mitigations: [{ kind: 'recap', params: {} }] }, out: tempDir() });
    const notes = readFileSync(file!, 'utf8').split('\n').filter((l) => l.includes('"type":"intervention"')).map((l) => JSON.parse(l) as Extract<RunEvent, { type: 'intervention' }>);
    const first = notes[0]!;
    const alike = notes.filter((n) => n.content === first.content);
    expect(alike.map((n) => n.agent)).toEqual(['user', 'assistant']);
    const text = show(file!).join('\n');
    expect(text).toContain(`  #${first.seq}`.padEnd(8) + `recap → user, assistant (note, ${first.trigger})\n`);
    const heads = text.split('\n').filter((l) => / recap → /.test(l));
    expect(heads.length).toBe(notes.length / 2);
    expect(heads.every((l) => l.includes('recap → user, assistant ('))).toBe(true);
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
      expect(stdout).toMatch(/\nnot ended: the file stops after turn \d+ — the run was killed, crashed or is still running .*\n$/);
      expect(stderr).toMatch(/^troupe: warning: \S+cut\.jsonl is unsealed .* — shown the 39 events it holds so far\.\n$/);
    });

    it('names an agent the run does not have, and a bad --turns, with exit status 1', async () => {
      const agent = await troupe('show', golden, '--agent', 'nobody');
      expect([agent.code, agent.stdout]).toEqual([1, '']);
      expect(agent.stderr).toMatch(/^troupe: --agent: \S+relay-synthetic\.jsonl has no agent "nobody"; its agents: \w+/);
      const turns = await troupe('show', golden, '--turns', '5..2');
      expect(turns.code).toBe(1);
      expect(turns.stderr).toMatch(/--turns: expected a range like 3\.\.7 or 30\.\. \(to the end\), or one turn like 5/);
    });
  });
});
