import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOUT, lab, lines, troupeIn, type Header } from './moduleLab.ts';

describe('a mitigation module of your own, in experiments and forks', () => {
  it('named in an experiment file resolves from the file, and a fork can switch to it', () => {
    const dir = lab();
    mkdirSync(join(dir, 'exp'));
    writeFileSync(join(dir, 'exp', 'e.json'), JSON.stringify({ name: 'own', worlds: [{ world: 'relay', maxTurns: 8 }], arms: ['none', '../shout.ts:k=2'], seeds: '1..2' }));
    const sweep = troupeIn('/', 'sweep', join(dir, 'exp', 'e.json'), '--out', join(dir, 'out'), '--json', '--no-progress', '--workers', '0');
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
