import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOUT, lab, lines, troupeIn, type Header } from './moduleLab.ts';

describe('a mitigation module of your own', () => {
  it('runs by path, is recorded by absolute path with its source hash, replays from anywhere, and a change to it is named', () => {
    const dir = lab();
    const run = troupeIn(dir, 'run', 'relay', '--seed', '3', '--mitigation', './shout.ts:k=2', '--out', 'runs', '--json');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const file = join(dir, (JSON.parse(run.stdout) as { file: string }).file);
    const [header, ...events] = lines(file) as [Header, ...Record<string, unknown>[]];
    expect(header.config.mitigations).toEqual([{ kind: join(dir, 'shout.ts'), params: { k: 2 } }]);
    expect(Object.keys(header.specHashes.mitigationSources!)).toEqual([join(dir, 'shout.ts')]);
    const notes = events.filter((e) => e.type === 'intervention');
    expect(notes.length).toBeGreaterThan(2);
    for (const note of notes) expect(note).toMatchObject({ mitigation: 'shout', agent: null, kind: 'note', content: 'FOCUS on the goal, everyone!', trigger: 'every 2 turns' });
    // The note reaches the agents' context: the synthetic agents' next request carries it.
    expect(events.some((e) => e.type === 'model.request' && JSON.stringify(e).includes('FOCUS on the goal'))).toBe(true);

    expect(troupeIn('/', 'replay', file)).toMatchObject({ code: 0, stdout: expect.stringMatching(/replays identically/) });
    writeFileSync(join(dir, 'shout.ts'), SHOUT('FOCUS, everyone!'));
    const changed = troupeIn('/', 'replay', file);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(new RegExp(`a mitigation module's code changed since the recording: ${join(dir, 'shout.ts')} \\(source hash \\w{12}… recorded, \\w{12}… now\\)`));
  });

  it('is an arm of a sweep, on workers, with a placebo copying its schedule in neutral text; a resumed sweep refuses runs of its old code', () => {
    const dir = lab();
    const arms = 'none,./shout.ts:k=2,placebo:like=./shout.ts,k=2';
    const sweep = troupeIn(dir, 'sweep', '--world', 'relay', '--arms', arms, '--seeds', '1..4', '--workers', '2', '--out', 'out', '--json', '--no-progress');
    expect([sweep.code, sweep.stderr]).toEqual([0, '']);
    const summary = JSON.parse(sweep.stdout) as { dir: string; groups: { arms: { arm: string; levels: Record<string, { value: number }> }[] }[] };
    const perRun = (arm: string) => summary.groups[0]!.arms.find((a) => a.arm === arm)!.levels['interventions/run']!.value;
    expect(perRun('./shout.ts:k=2')).toBeGreaterThan(2);
    expect(perRun('placebo:like=./shout.ts,k=2')).toBe(perRun('./shout.ts:k=2'));
    expect(perRun('none')).toBe(0);
    // Same seeds, same schedule: the placebo's notes fall on the shout's turns, in neutral text of the same length.
    const out = resolve(dir, summary.dir);
    const runs = readdirSync(out).filter((f) => f.endsWith('.jsonl')).map((f) => lines(join(out, f)) as [Header, ...Record<string, unknown>[]]);
    // Each seed's notes: their turns (ticks) and lengths.
    const notesBySeed = (kind: string) =>
      runs
        .filter(([h]) => h.config.mitigations[0]?.kind === kind)
        .sort(([a], [b]) => a.seed - b.seed)
        .map(([, ...events]) => events.filter((e) => e.type === 'intervention').map((e) => [e.tick, String(e.content).length]));
    expect(notesBySeed('placebo')).toHaveLength(4);
    expect(notesBySeed('placebo')).toEqual(notesBySeed(join(dir, 'shout.ts')));
    const placeboNotes = runs.flatMap(([, ...events]) => events.filter((e) => e.type === 'intervention' && e.mitigation === 'placebo'));
    expect(placeboNotes.length).toBeGreaterThan(0);
    for (const note of placeboNotes) expect(note.content).not.toMatch(/FOCUS|goal/);

    writeFileSync(join(dir, 'shout.ts'), SHOUT('FOCUS, everyone!'));
    const again = troupeIn(dir, 'sweep', '--world', 'relay', '--arms', arms, '--seeds', '1..4', '--out', 'out', '--workers', '0');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^troupe: 8 of the runs already recorded in .* were made with other code of their world, mitigation or monitor modules: ${join(dir, 'shout.ts')} \\(source hash`));
  }, 60_000);

  it('whose code throws ends the run in error naming the mitigation, not as troupe’s internal error', () => {
    const dir = lab();
    writeFileSync(join(dir, 'boom.ts'), SHOUT('x').replace("kind: 'shout'", "kind: 'boom'").replace("api.note(null, 'x', `every ${p.k} turns`)", "throw new Error('kaboom')"));
    const r = troupeIn(dir, 'run', 'relay', '--mitigation', './boom.ts', '--out', 'runs', '--json');
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { termination: unknown }).termination).toEqual({ reason: 'error', detail: `mitigation "boom" (${join(dir, 'boom.ts')}): its code threw: kaboom` });
  });

  it('whose create() throws fails the command before anything is written', () => {
    const dir = lab();
    writeFileSync(join(dir, 'throws.ts'), SHOUT('x').replace("kind: 'shout'", "kind: 'throws'").replace(/create: [\s\S]*?\n  },\n/, "create: () => { throw new Error('no setup'); },\n"));
    const r = troupeIn(dir, 'run', 'relay', '--mitigation', './throws.ts', '--out', 'refused');
    expect([r.code, r.stderr]).toEqual([1, `troupe: mitigation "throws" (${join(dir, 'throws.ts')}): its code threw: no setup\n`]);
    expect(readdirSync(join(dir, 'refused'))).toEqual([]);
  });
});
