import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { troupeIn } from '../helpers/cli.ts';
import { researcherDir, tempDir } from '../helpers/runs.ts';
import { relayCopy } from '../record/worldCopy.ts';


describe('a world module given by path', () => {
  it('loads as a .ts file outside a "type": "module" package, is recorded by absolute path, and replays from anywhere', () => {
    // A researcher's folder with troupe's dependencies installed but no package.json: to Node, a .ts file there is
    // CommonJS, and its ESM imports fail a plain import.
    const dir = researcherDir();
    const world = relayCopy(join(dir, 'w'));
    const run = troupeIn(dir, 'run', relative(dir, world), '--seed', '2', '--max-turns', '8', '--out', 'runs', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const file = join(dir, (JSON.parse(run.stdout) as { file: string }).file);
    const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as { config: { world: string } };
    expect(header.config.world).toBe(world);
    const replay = troupeIn('/', 'replay', file);
    expect(replay.stdout).toMatch(/identical/);
    expect(replay.code).toBe(0);
  });

  it('that is missing says so; one a recording names says how to give its new path to a replay', () => {
    const r = troupeIn(tempDir(), 'run', './nowhere/myWorld.ts');
    expect([r.code, r.stderr]).toEqual([1, expect.stringMatching(/^troupe: World module \S+\/nowhere\/myWorld\.ts not found\.\n$/)]);
    const dir = tempDir();
    const module = join(dir, 'w.ts');
    writeFileSync(module, `export { relay as default } from '${join(import.meta.dirname, '../../worlds/relay.ts')}';\n`);
    expect(troupeIn(dir, 'run', module, '--out', dir).code).toBe(0);
    renameSync(module, join(dir, 'moved.ts'));
    const [file] = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
    const replay = troupeIn(dir, 'replay', join(dir, file!));
    expect([replay.code, replay.stderr]).toEqual([1, `troupe: World module ${module} not found. The run recorded this world module; if it has moved, give its new path with --world PATH.\n`]);
    expect(troupeIn(dir, 'replay', join(dir, file!), '--world', join(dir, 'moved.ts')).code).toBe(0);
  });
});
