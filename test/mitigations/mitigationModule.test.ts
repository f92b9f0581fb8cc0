import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

const src = join(import.meta.dirname, '..', '..', 'src', 'index.ts');

/** A researcher's mitigation: a note to every agent every k turns. */
const SHOUT = (note: string) => `import { z } from 'zod';
import { defineMitigation } from '${src}';
export default defineMitigation({
  kind: 'shout',
  summary: 'a note to every agent every k turns',
  notesOnly: true,
  schema: z.object({ k: z.number().int().positive().default(3).describe('every k turns (3)') }).strict(),
  create: (p, api) => (e) => {
    if (e.type === 'turn.start' && e.turn > 0 && e.turn % p.k === 0) api.note(null, '${note}', \`every \${p.k} turns\`);
  },
});
`;

/** A researcher's folder: troupe's dependencies, no package.json (a .ts file there is CommonJS to Node), shout.ts. */
function lab(): string {
  const dir = tempDir();
  symlinkSync(join(import.meta.dirname, '..', '..', 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'shout.ts'), SHOUT('FOCUS on the goal, everyone!'));
  return dir;
}

function troupeIn(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

type Header = { seed: number; config: { mitigations: { kind: string; params: Record<string, unknown> }[] }; specHashes: { mitigationSources?: Record<string, string> } };

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
    const again = troupeIn(dir, 'sweep', '--world', 'relay', '--arms', arms, '--seeds', '1..4', '--out', 'out');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`^troupe: 8 of the runs already recorded in .* were made with other code of their world, mitigation or monitor modules: ${join(dir, 'shout.ts')} \\(source hash`));
  }, 60_000);

  it('named in an experiment file resolves from the file, and a fork can switch to it', () => {
    const dir = lab();
    mkdirSync(join(dir, 'exp'));
    writeFileSync(join(dir, 'exp', 'e.json'), JSON.stringify({ name: 'own', worlds: [{ world: 'relay', maxTurns: 8 }], arms: ['none', '../shout.ts:k=2'], seeds: '1..2' }));
    const sweep = troupeIn('/', 'sweep', join(dir, 'exp', 'e.json'), '--out', join(dir, 'out'), '--json', '--no-progress');
    expect([sweep.code, sweep.stderr]).toEqual([0, '']);
    const parent = readdirSync(join(dir, 'out', 'own')).find((f) => f.endsWith('.jsonl') && !(lines(join(dir, 'out', 'own', f))[0] as Header).config.mitigations.length)!;

    const fork = troupeIn(dir, 'fork', join(dir, 'out', 'own', parent), '--at', 'turn:2', '--set', 'mitigations=./shout.ts:k=3', '--out', join(dir, 'forks'), '--json');
    expect([fork.code, fork.stderr]).toEqual([0, '']);
    const child = join(dir, (JSON.parse(fork.stdout) as { file: string }).file.replace(`${dir}/`, ''));
    const [header, ...events] = lines(child) as [Header & { parent: { change: Record<string, string> } }, ...Record<string, unknown>[]];
    expect(header.parent.change).toEqual({ mitigations: JSON.stringify([{ kind: join(dir, 'shout.ts'), params: { k: 3 } }]) });
    expect(Object.keys(header.specHashes.mitigationSources!)).toEqual([join(dir, 'shout.ts')]);
    expect(events.filter((e) => e.type === 'intervention').map((e) => e.trigger)).toContain('every 3 turns');
    expect(troupeIn('/', 'replay', child)).toMatchObject({ code: 0, stdout: expect.stringMatching(/replays identically/) });
  }, 60_000);

  it('that is missing, exports no mitigation, takes a built-in kind or gets a wrong parameter is refused, naming the file', () => {
    const dir = lab();
    writeFileSync(join(dir, 'none.ts'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'clash.ts'), SHOUT('x').replace("kind: 'shout'", "kind: 'goal-reinject'"));
    const refused = (...args: string[]) => {
      const r = troupeIn(dir, ...args);
      expect(r.code).toBe(1);
      return r.stderr;
    };
    expect(refused('run', 'relay', '--mitigation', './nope.ts')).toBe(`troupe: Mitigation module ${join(dir, 'nope.ts')} not found.\n`);
    expect(refused('run', 'relay', '--mitigation', './none.ts')).toBe(
      `troupe: The mitigation module ${join(dir, 'none.ts')} must export exactly one mitigation made with defineMitigation() (or a default export); found 0.\n`,
    );
    expect(refused('run', 'relay', '--mitigation', './clash.ts')).toMatch(/declares kind "goal-reinject", which is a built-in mitigation's/);
    expect(refused('run', 'relay', '--mitigation', './shout.ts:k=0')).toBe('troupe: Mitigation "shout": parameter "k" must be > 0, got 0. Parameters of "shout": k (every k turns (3)).\n');
    expect(refused('sweep', '--world', 'relay', '--arms', 'none,placebo:like=./shout.ts,j=1', '--seeds', '1', '--out', 'o')).toMatch(
      /^troupe: --arms, arm "placebo:like=\.\/shout\.ts,j=1": Mitigation "placebo" \(like=shout\): Mitigation "shout": unknown parameter "j"/,
    );
    expect(readdirSync(dir).sort()).toEqual(['clash.ts', 'node_modules', 'none.ts', 'shout.ts']);
  }, 60_000);

  it('whose code throws ends the run in error naming the mitigation, not as troupe’s internal error', () => {
    const dir = lab();
    writeFileSync(join(dir, 'boom.ts'), SHOUT('x').replace("kind: 'shout'", "kind: 'boom'").replace("api.note(null, 'x', `every ${p.k} turns`)", "throw new Error('kaboom')"));
    const r = troupeIn(dir, 'run', 'relay', '--mitigation', './boom.ts', '--out', 'runs', '--json');
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { termination: unknown }).termination).toEqual({ reason: 'error', detail: `mitigation "boom" (${join(dir, 'boom.ts')}): its code threw: kaboom` });
  });

  it('that errs in any of its parts is named, with what it did wrong, and a run that cannot start leaves no file', () => {
    const dir = lab();
    const module = (name: string, body: string) => {
      writeFileSync(join(dir, `${name}.ts`), `import { z } from 'zod';\nimport { defineMitigation } from '${src}';\nexport default defineMitigation({ kind: '${name}', summary: 's', notesOnly: false, schema: z.object({ k: z.number().default(1) }), ${body} });\n`);
      return `./${name}.ts`;
    };
    const ended = (arm: string) => {
      const r = troupeIn(dir, 'run', 'relay', '--seed', '5', '--mitigation', arm, '--out', 'runs', '--json');
      expect(r.code).toBe(1);
      return (JSON.parse(r.stdout) as { termination: { detail: string } }).termination.detail;
    };
    const refused = (arm: string) => {
      const r = troupeIn(dir, 'run', 'relay', '--mitigation', arm, '--out', 'refused');
      expect(r.code).toBe(1);
      return r.stderr;
    };
    const file = (name: string) => join(dir, `${name}.ts`);

    expect(refused(module('throws', "create: () => { throw new Error('no setup'); }"))).toBe(`troupe: mitigation "throws" (${file('throws')}): its code threw: no setup\n`);
    expect(readdirSync(join(dir, 'refused'))).toEqual([]);
    expect(refused(module('returns', 'create: () => 42 as never'))).toBe(`troupe: mitigation "returns" (${file('returns')}): create() returned 42; expected a handler function (or null).\n`);
    expect(ended(module('badguard', "create: (_p, api) => { api.guard(() => 'no!' as never); return null; }"))).toBe(
      `mitigation "badguard" (${file('badguard')}): a guard returned "no!"; expected null or a refusal { by: "badguard", reason: "…" }.`,
    );
    expect(ended(module('ghost', "create: (_p, api) => (e) => { if (e.type === 'turn.start') api.note('nobody', 'hello', 't'); }"))).toBe(
      'mitigation "ghost": an intervention it made cannot be applied: the agent "nobody" is not one of the run\'s (planner, builder, tester, reviewer; null for every agent).',
    );
    expect(refused(module('reacts', "reactsTo: () => { throw new Error('oops'); }, create: () => null"))).toBe(`troupe: mitigation "reacts" (${file('reacts')}): reactsTo threw: oops\n`);
    // Parameters are strict even when the schema is not: a misspelt one is never left at its default.
    expect(refused(`${module('loose', 'create: () => null')}:kk=2`)).toMatch(/^troupe: Mitigation "loose": unknown parameter "kk"\./);
    writeFileSync(join(dir, 'Bad.ts'), readFileSync(file('loose'), 'utf8').replace("kind: 'loose'", "kind: 'Has Space'"));
    expect(refused('./Bad.ts')).toMatch(/declares kind "Has Space": a kind is lower-case letters, digits and -/);
    writeFileSync(join(dir, 'twin.ts'), readFileSync(file('loose'), 'utf8'));
    expect(refused('./loose.ts+./twin.ts')).toMatch(/^troupe: The mitigation modules \S+loose\.ts and \S+twin\.ts both declare kind "loose"/);
    expect(refused('./old.cts')).toMatch(/ends in \.ts, \.js, \.mts or \.mjs/);
  }, 90_000);

  it('given to a fork from a folder whose path has a comma or space, and turned off only by mitigations=', () => {
    const dir = join(lab(), 'My Proj,v2');
    mkdirSync(dir);
    writeFileSync(join(dir, 'shout.ts'), SHOUT('FOCUS!'));
    symlinkSync(join(import.meta.dirname, '..', '..', 'node_modules'), join(dir, 'node_modules'));
    const run = troupeIn(dir, 'run', 'relay', '--seed', '2', '--mitigation', './shout.ts:k=2', '--out', 'runs', '--json');
    const file = join(dir, (JSON.parse(run.stdout) as { file: string }).file);
    const fork = troupeIn(dir, 'fork', file, '--at', 'turn:3', '--set', 'mitigations=./shout.ts:k=5', '--out', 'forks', '--json');
    expect([fork.code, fork.stderr]).toEqual([0, '']);
    expect(troupeIn('/', 'replay', join(dir, (JSON.parse(fork.stdout) as { file: string }).file)).code).toBe(0);
    const off = troupeIn(dir, 'fork', file, '--at', 'turn:3', '--set', 'mitigation.shout=off', '--out', 'forks');
    expect([off.code, off.stderr]).toEqual([1, expect.stringMatching(/^troupe: --set mitigation\.shout: "shout" is not a built-in mitigation .*; set a mitigation module's with --set mitigations=/)]);
    const none = troupeIn(dir, 'fork', file, '--at', 'turn:3', '--set', 'mitigation.goal-reinject=off', '--out', 'forks');
    expect([none.code, none.stderr]).toEqual([1, expect.stringMatching(/^troupe: --set mitigation\.goal-reinject=off: the run has no "goal-reinject" mitigation to turn off/)]);
  }, 60_000);
});
