import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { troupeIn } from '../helpers/cli.ts';
import { researcherDir } from '../helpers/runs.ts';

const src = join(import.meta.dirname, '..', '..', 'src', 'index.ts');

/** A researcher's monitor: messages that name the task. */
const SHOUT = (pattern: string) => `import { defineMonitor, finding, WHOLE } from '${src}';
export default defineMonitor({
  name: 'shout', kind: null, summary: 'messages that name the task',
  params: { minLength: { value: 10, doc: 'shortest message judged', range: WHOLE } },
  create: (p) => ({ onMessage: (m) => (m.content.length >= p.minLength && /${pattern}/.test(m.content) ? finding(m, 0.5, 'warning', 'message names the task') : null) }),
});
`;

function lab(): string {
  const dir = researcherDir();
  writeFileSync(join(dir, 'shout.ts'), SHOUT('Task:|Instruction:'));
  return dir;
}


const flagsIn = (file: string, monitor: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.includes(`"monitor":"${monitor}"`)).length;

describe('a monitor module of your own', () => {
  it('runs by path next to the built-in ones, is recorded with its source hash, replays and re-monitors from anywhere', () => {
    const dir = lab();
    const run = troupeIn(dir, 'run', 'camel-roleplay', '--seed', '3', '--monitors', 'role-flip,./shout.ts', '--out', 'runs', '--json');
    expect([run.code, run.stderr]).toEqual([0, '']);
    const file = join(dir, (JSON.parse(run.stdout) as { file: string }).file);
    const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as { config: { monitors: { enabled: string[] } }; specHashes: { monitorSources?: Record<string, string> } };
    expect(header.config.monitors.enabled).toEqual(['role-flip', join(dir, 'shout.ts')]);
    expect(Object.keys(header.specHashes.monitorSources!)).toEqual([join(dir, 'shout.ts')]);
    const raised = flagsIn(file, 'shout');
    expect(raised).toBeGreaterThan(0);

    expect(troupeIn('/', 'replay', file)).toMatchObject({ code: 0, stdout: expect.stringMatching(/replays identically/) });
    const offline = troupeIn('/', 'monitor', file, '--json');
    expect(offline.code).toBe(0);
    expect((JSON.parse(offline.stdout) as { monitor: string }[]).filter((f) => f.monitor === 'shout')).toHaveLength(raised);
    // Its threshold is set under the name it declares.
    const strict = troupeIn('/', 'monitor', file, '--param', 'shout.minLength=100000', '--json');
    expect((JSON.parse(strict.stdout) as { monitor: string }[]).filter((f) => f.monitor === 'shout')).toHaveLength(0);

    writeFileSync(join(dir, 'shout.ts'), SHOUT('Task:'));
    const changed = troupeIn('/', 'replay', file);
    expect(changed.stdout).toMatch(new RegExp(`a monitor module's code changed since the recording: ${join(dir, 'shout.ts')}`));
    // Re-monitored with the edited code, the flags are said to be that code's.
    const remonitored = troupeIn('/', 'monitor', file);
    expect(remonitored.stderr).toContain(`troupe: note: the monitor module ${join(dir, 'shout.ts')} has changed since the run (source hash `);
    expect(offline.stderr).toBe('');
  }, 60_000);

  it('named in an experiment file resolves from the file and has its row in the sweep', () => {
    const dir = lab();
    mkdirSync(join(dir, 'exp'));
    writeFileSync(
      join(dir, 'exp', 'e.json'),
      JSON.stringify({ name: 'mon', worlds: [{ world: 'camel-roleplay', maxTurns: 8 }], arms: ['none'], seeds: '1..2', monitors: { enabled: ['drift', '../shout.ts'], params: { shout: { minLength: 5 } } } }),
    );
    const sweep = troupeIn('/', 'sweep', join(dir, 'exp', 'e.json'), '--out', join(dir, 'out'), '--no-progress', '--workers', '0');
    expect([sweep.code, sweep.stderr]).toEqual([0, '']);
    expect(sweep.stdout).toMatch(/\nflags\/100t shout +\d/);
    expect(readFileSync(join(dir, 'out', 'mon', 'results.csv'), 'utf8').split('\n')[0]).toContain('shout');
  }, 60_000);

  it('that is missing, exports no monitor or takes a built-in name is refused, naming the file; nothing is written', () => {
    const dir = lab();
    writeFileSync(join(dir, 'none.ts'), 'export const x = 1;\n');
    writeFileSync(join(dir, 'clash.ts'), SHOUT('x').replace("name: 'shout'", "name: 'drift'"));
    const refused = (monitors: string) => {
      const r = troupeIn(dir, 'run', 'relay', '--monitors', monitors, '--out', 'runs');
      expect(r.code).toBe(1);
      return r.stderr;
    };
    expect(refused('./nope.ts')).toBe(`troupe: Monitor module ${join(dir, 'nope.ts')} not found.\n`);
    expect(refused('./none.ts')).toMatch(/^troupe: The monitor module \S+none\.ts must export exactly one monitor made with defineMonitor\(\)/);
    expect(refused('./clash.ts')).toMatch(/is named "drift": a monitor's name is lower-case letters, digits and -, starting with a letter, and not a built-in monitor's/);
    expect(readdirSync(dir).sort()).toEqual(['clash.ts', 'node_modules', 'none.ts', 'shout.ts']);
  }, 60_000);
});
