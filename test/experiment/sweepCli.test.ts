import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../helpers/runs.ts';

const troupe = join(import.meta.dirname, '../../src/cli/troupe.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [troupe, 'sweep', ...args], { encoding: 'utf8' });

describe('troupe sweep', () => {
  it('runs an ad-hoc sweep from flags, prints the summary with --json and writes summary.json and results.csv', () => {
    const out = tempDir();
    const r = run('--world', 'relay', '--arms', 'none,role-reminder:every=3', '--seeds', '1..4', '--param', 'jobs=2', '--out', out, '--workers', '0', '--json');
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ format: 'troupe.sweep-summary/1', baseline: 'none', runs: { planned: 8, ran: 8, skipped: 0 } });
    expect(summary.groups[0].arms.map((a: { arm: string }) => a.arm)).toEqual(['none', 'role-reminder:every=3']);
    expect(summary.groups[0].comparisons.find((c: { metric: string }) => c.metric === 'pass^1')).toMatchObject({ arm: 'role-reminder:every=3', pairs: 4 });
    expect(JSON.parse(readFileSync(join(summary.dir, 'summary.json'), 'utf8'))).toEqual(summary);
    const csv = readFileSync(join(summary.dir, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(9);
    expect(csv[0]).toMatch(/^run_id,arm,world,agents,instance,trial,seed,success,progress,turns,messages,termination,notes,blocks,stops,note_chars,flags_role-flip,/);
    // Progress went to stderr, plain lines (not a TTY).
    expect(r.stderr).toMatch(/^sweep: 8 runs planned, 0 already recorded \(skipped\), 8 to run on this thread\n/);
    expect(r.stderr).toMatch(/sweep: 8 runs in [\d.]+ s/);
  });

  it('takes an agents file in an ad-hoc sweep (--agents), and names the flag when it cannot read it', () => {
    const out = tempDir();
    const file = join(out, 'agents.json');
    const worlds = spawnSync(process.execPath, [troupe, 'worlds', 'camel-roleplay', '--json'], { encoding: 'utf8' });
    expect(worlds.status).toBe(0);
    const ids = (JSON.parse(worlds.stdout) as { agents: { id: string }[] }).agents.map((a) => a.id);
    const card = (id: string) => ({ id, role: { name: `The ${id}`, description: 'd', duties: ['x'], forbidden: [], acts: [id === 'user' ? 'instruct' : 'solve'] }, goal: { statement: 'Plan a lesson.', successCriteria: ['a plan'] } });
    writeFileSync(file, JSON.stringify(ids.map(card)));
    const r = run('--world', 'camel-roleplay', '--agents', file, '--seeds', '1..2', '--out', out, '--workers', '0', '--no-progress', '--json');
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { dir: string; groups: { agents: string }[] };
    // The agent configuration is named after its file, not "default" (the world's own agents).
    expect(summary.groups.map((g) => g.agents)).toEqual(['agents']);
    const header = JSON.parse(readFileSync(join(summary.dir, readdirSync(summary.dir).find((f) => f.endsWith('.jsonl'))!), 'utf8').split('\n')[0]!);
    expect(header.config.agents.map((a: { role: { name: string } }) => a.role.name)).toEqual(['The user', 'The assistant']);
    const missing = run('--world', 'relay', '--agents', join(out, 'nope.json'), '--seeds', '1', '--out', out, '--workers', '0');
    expect([missing.status, missing.stderr]).toEqual([1, `troupe: --agents: Cannot read agents file ${join(out, 'nope.json')} (ENOENT).\n`]);
  });

  it('says so when it replaces the summary of a sweep of another size (run again with fewer seeds)', () => {
    const out = tempDir();
    expect(run('--world', 'relay', '--arms', 'none', '--seeds', '1..4', '--param', 'jobs=1', '--out', out, '--workers', '0', '--no-progress').stderr).toBe('');
    const fewer = run('--world', 'relay', '--arms', 'none', '--seeds', '1..2', '--param', 'jobs=1', '--out', out, '--workers', '0', '--no-progress');
    expect(fewer.stderr).toMatch(/^troupe: note: .*summary\.json and results\.csv described a 4-run sweep; they now describe this 2-run one \(every run file is kept\)\.\n$/);
    // The same sweep again replaces its own summary without a word.
    expect(run('--world', 'relay', '--arms', 'none', '--seeds', '1..2', '--param', 'jobs=1', '--out', out, '--workers', '0', '--no-progress').stderr).toBe('');
  });

  it('prints a table of levels and of differences from the baseline, and says where the files are', () => {
    const out = tempDir();
    const r = run('--world', 'camel-roleplay', '--arms', 'none,goal-reinject:k=4', '--seeds', '1..3', '--out', out, '--workers', '0', '--no-progress');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^sweep-camel-roleplay-[0-9a-f]{8} · camel-roleplay · agents default · 3 instances × 1 seed · 6 runs\n/);
    expect(r.stdout).toMatch(/\nmetric +none +goal-reinject:k=4\npass\^1 +[\d.]+ \[/);
    expect(r.stdout).toMatch(/\nvs none: paired difference/);
    expect(r.stdout).toMatch(/goal-reinject:k=4 − none/);
    const files = /summary: (.*)\nresults: (.*)\n$/.exec(r.stdout)!;
    expect(existsSync(files[1]!) && existsSync(files[2]!)).toBe(true);
    // Run again: everything is already recorded.
    const again = run('--world', 'camel-roleplay', '--arms', 'none,goal-reinject:k=4', '--seeds', '1..3', '--out', out, '--workers', '0', '--json', '--no-progress');
    expect(JSON.parse(again.stdout).runs).toEqual({ planned: 6, unique: 6, ran: 0, skipped: 6 });
  });

  it('takes seeds as a range, a list or a single seed', async () => {
    const { seedsOption } = await import('../../src/cli/commands/sweep.ts');
    expect(seedsOption('1..200')).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(seedsOption('1, 5,9')).toEqual([1, 5, 9]);
    expect(seedsOption('7')).toEqual([7]);
    const r = run('--world', 'relay', '--seeds', '7', '--param', 'jobs=1', '--out', tempDir(), '--workers', '0', '--json', '--no-progress');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).groups[0].runs).toBe(1);
  });

  it('explains bad input in one paragraph and exits 1', async () => {
    const { main } = await import('../../src/cli/main.ts');
    const cases: [string[], RegExp][] = [
      [[], /name an experiment \(e\.g\. `troupe sweep persistent-goals`\) or give --world/],
      [['persistent-goals', '--world', 'relay'], /--world only applies to an ad-hoc sweep \(--world …\)\. In an experiment file, give --world as "worlds": \[\{ "world": … \}\]/],
      [['persistent-goals', '--max-turns', '5'], /In an experiment file, give --max-turns as a world's "maxTurns" \(src\/experiment\/README\.md shows the format\)/],
      [['persistent-goals', '--world', 'relay', '--window', '3'], /--world, --window only apply to an ad-hoc sweep/],
      [['--world', 'relay', '--arms', 'none,goal-reinject:k=often'], /Mitigation "goal-reinject": parameter "k" must be a number, got "often"/],
      [['--world', 'relay', '--arms', 'none,telepathy'], /Unknown mitigation "telepathy"/],
      [['--world', 'relay', '--seeds', '9..1'], /a range must not end before it starts/],
      [['no-such-experiment'], /Unknown experiment "no-such-experiment"/],
      [['--world', 'atlantis'], /Unknown world "atlantis"/],
      [['--world', 'relay', '--workers', 'two'], /--workers must be an integer ≥ 0, got "two"/],
    ];
    for (const [args, message] of cases) {
      let stderr = '';
      const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
      try {
        const code = await main(['node', 'troupe', 'sweep', ...args, '--out', tempDir(), '--workers', args.includes('--workers') ? args[args.indexOf('--workers') + 1]! : '0']);
        expect(code, args.join(' ')).toBe(1);
      } finally {
        spy.mockRestore();
      }
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    // And as a real process: one paragraph on stderr, exit code 1.
    const r = run('--world', 'relay', '--arms', 'none,telepathy', '--out', tempDir());
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toMatch(/^troupe: Unknown mitigation "telepathy"\. Known mitigations: goal-reinject, /);
  });
});
