import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adHocExperiment, loadExperiment, planSweep } from '../../src/experiment/index.ts';
import { parseArms } from '../../src/mitigations/index.ts';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

// Experiment modules import defineExperiment by absolute path, as the docs show.
const api = join(import.meta.dirname, '../../src/experiment/index.ts');
const tsModule = (body: string) => `import { defineExperiment } from '${api}';\nexport default defineExperiment(${body});\n`;
const small = { name: 'small', worlds: [{ world: 'relay', instances: [{ jobs: 1 }] }], arms: ['none'], seeds: '1' };

/** Write `files` into a fresh folder with no package.json, return the folder. */
function folder(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('an experiment file', () => {
  it('in TS loads from a folder without a package.json (which makes tsx read it as CommonJS)', async () => {
    const dir = folder({ 'my-experiment.ts': tsModule(JSON.stringify(small)) });
    expect(existsSync(join(dir, 'package.json'))).toBe(false);
    const r = await troupe('sweep', join(dir, 'my-experiment.ts'), '--out', tempDir(), '--workers', '0', '--json', '--no-progress');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ experiment: 'small', runs: { planned: 1 } });
  });

  it('in TS with a syntax error says where the error is', async () => {
    const dir = folder({ 'syntax.ts': tsModule('{\n  name: "x",\n  worlds: [{ world: "relay" }\n  arms: ["none"],\n  seeds: "1",\n}') });
    // Through the CLI: in-process, vitest's own transform would report the error instead of tsx's.
    const r = await troupe('sweep', join(dir, 'syntax.ts'), '--out', tempDir(), '--workers', '0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^troupe: The experiment module .*syntax\.ts could not be loaded: Transform failed with 1 error:\n.*syntax\.ts:\d+:\d+: ERROR: Expected "\]" but found "arms"\n$/);
  });

  it('in TS that defineExperiment rejects is named, as a JSON file is (and is a user error, not a bug)', async () => {
    const dir = folder({ 'invalid.ts': tsModule(JSON.stringify({ ...small, stats: { confidence: 2 } })) });
    await expect(loadExperiment(join(dir, 'invalid.ts'))).rejects.toThrow(/^Experiment file .*invalid\.ts failed validation:\n[\s\S]*→ at stats\.confidence/);
    // Through the CLI: the module's own copy of troupe throws its own UserError class, which must still exit 1.
    const r = await troupe('sweep', join(dir, 'invalid.ts'), '--out', tempDir(), '--workers', '0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^troupe: Experiment file .*invalid\.ts failed validation:/);
  });

  it('in TS must export one experiment: a default export wins, two named ones are refused', async () => {
    const named = (name: string) => `export const ${name} = defineExperiment(${JSON.stringify({ ...small, name })});\n`;
    const head = `import { defineExperiment } from '${api}';\n`;
    const dir = folder({ 'two.ts': head + named('one') + named('two'), 'chosen.ts': head + named('one') + `export default defineExperiment(${JSON.stringify({ ...small, name: 'main' })});\n` });
    await expect(loadExperiment(join(dir, 'two.ts'))).rejects.toThrow(/must export exactly one defineExperiment\(\.\.\.\) value \(or a default export\); found 2\.$/);
    expect((await loadExperiment(join(dir, 'chosen.ts'))).name).toBe('main');
  });

  it('that does not exist is said not to exist, rather than to be an unknown experiment', async () => {
    const missing = await troupe('sweep', './missing.ts', '--out', tempDir(), '--workers', '0');
    expect([missing.code, missing.stderr]).toEqual([1, `troupe: Experiment file ${join(process.cwd(), 'missing.ts')} not found.\n`]);
    const world = await troupe('sweep', '--world', './nonexist.ts', '--out', tempDir(), '--workers', '0');
    expect([world.code, world.stderr]).toEqual([1, `troupe: --world: world file ${join(process.cwd(), 'nonexist.ts')} not found.\n`]);
  });

  it('that is a folder, or has no experiment extension, says so; one written with a byte-order mark loads', async () => {
    const dir = folder({ 'e.JSON': JSON.stringify(small), bom: JSON.stringify(small), 'bom.json': `\uFEFF${JSON.stringify(small)}` });
    await expect(loadExperiment(dir)).rejects.toThrow(`${dir} is a folder: give the experiment file in it (.json, or a .ts module made with defineExperiment).`);
    await expect(loadExperiment(join(dir, 'bom'))).rejects.toThrow(`Experiment file ${join(dir, 'bom')}: expected a .json file or a .ts/.mts/.js/.mjs module made with defineExperiment, by its extension.`);
    expect((await loadExperiment(join(dir, 'e.JSON'))).name).toBe('small');
    expect((await loadExperiment(join(dir, 'bom.json'))).name).toBe('small');
  });

  it('with a monitor module and a parameter it does not have names monitors.params, not monitors.enabled', async () => {
    const dir = folder({
      'waits.mjs': `import { defineMonitor, WHOLE } from '${api.replace('experiment/index.ts', 'index.ts')}';\nexport default defineMonitor({ name: 'waits', kind: null, summary: 'w', params: { every: { value: 2, doc: 'd', range: WHOLE } }, create: () => ({}) });\n`,
      'e.json': JSON.stringify({ ...small, monitors: { enabled: ['./waits.mjs'], params: { waits: { runs: 3 } } } }),
    });
    await expect(planSweep(await loadExperiment(join(dir, 'e.json')), tempDir())).rejects.toThrow(/monitors\.params: unknown parameter 'runs' for monitor 'waits'/);
  });

  it('refuses a metric family or a monitor listed twice, naming the field', async () => {
    const metrics = folder({ 'e.json': JSON.stringify({ ...small, metrics: ['turns', 'turns'] }) });
    await expect(loadExperiment(join(metrics, 'e.json'))).rejects.toThrow(/each metric family once[\s\S]*at metrics/);
    const monitors = folder({ 'e.json': JSON.stringify({ ...small, monitors: { enabled: ['drift', 'drift'] } }) });
    await expect(loadExperiment(join(monitors, 'e.json'))).rejects.toThrow(/each monitor once in "enabled"[\s\S]*at monitors/);
  });

  it('with a bad world, instance or agent id names the file and the field, in JSON and in TS', async () => {
    const cases: [object, RegExp][] = [
      [{ worlds: [{ world: 'atlantis' }] }, /"small", worlds\[0\]\.world: Unknown world "atlantis"/],
      [{ worlds: [{ world: 'relay', instances: [{}, { jbs: 2 }] }] }, /"small", worlds\[0\]\.instances\[1\] \(world "relay"\): unknown parameter "jbs"/],
      [{ agents: [{ name: 'x', perAgent: { bob: { flipBase: 0 } } }] }, /"small", agents\[0\]\.perAgent\.bob: no agent "bob" in world "relay"/],
      // A repeated instance (here spelled once with relay's default jobs=3, once without) would count its runs twice.
      [{ worlds: [{ world: 'relay', instances: [{ team: 3 }, { team: 4 }, { team: 3, jobs: 3 }] }] }, /"small", worlds\[0\]\.instances\[2\]: the same instance as worlds\[0\]\.instances\[0\]/],
      [{ worlds: [{ world: 'relay' }, { world: 'relay', instances: [{ jobs: 3 }] }] }, /"small", worlds\[1\]\.instances\[0\]: the same instance as worlds\[0\]\.instances\[0\]/],
    ];
    for (const [change, message] of cases) {
      const dir = folder({ 'bad.json': JSON.stringify({ ...small, ...change }), 'bad.ts': tsModule(JSON.stringify({ ...small, ...change })) });
      for (const file of ['bad.json', 'bad.ts']) {
        const plan = loadExperiment(join(dir, file)).then((e) => planSweep(e, tempDir()));
        await expect(plan, file).rejects.toThrow(new RegExp(`^Experiment file ${join(dir, file)} ${message.source}`));
      }
    }
  });

  it('resolves a relative world path from its own folder, not from where the sweep is started', async () => {
    const relay = join(import.meta.dirname, '../../worlds/relay.ts');
    const world = `export { relay as default } from '${relay}';\n`;
    const local = { ...small, worlds: [{ world: './my-world.ts', instances: [{ jobs: 1 }] }] };
    const dir = folder({ 'my-world.ts': world, 'exp.json': JSON.stringify(local), 'exp.ts': tsModule(JSON.stringify(local)) });
    expect(process.cwd()).not.toBe(dir);
    for (const file of ['exp.json', 'exp.ts']) {
      const plan = await planSweep(await loadExperiment(join(dir, file)), tempDir());
      expect(plan.runs.map((run) => run.config.world), file).toEqual([join(dir, 'my-world.ts')]);
    }
  });

  it('written as a plain default export (no defineExperiment) is validated as a JSON file is, in .ts and .mjs', async () => {
    const dir = folder({ 'plain.ts': `export default ${JSON.stringify(small)};\n`, 'plain.mjs': `export default ${JSON.stringify(small)};\n`, 'bad.mjs': `export default ${JSON.stringify({ ...small, seeds: 'x' })};\n` });
    for (const file of ['plain.ts', 'plain.mjs']) expect((await loadExperiment(join(dir, file))).name, file).toBe('small');
    await expect(loadExperiment(join(dir, 'bad.mjs'))).rejects.toThrow(new RegExp(`^Experiment file ${join(dir, 'bad.mjs')} failed validation:[\\s\\S]*at seeds`));
  });

  it('takes an agents file per agent configuration (role cards, goals, policies), relative to the experiment file', async () => {
    const card = (id: string, act: string, description = `The ${id}.`) => ({
      id,
      role: { name: id, description, duties: [act], forbidden: [], acts: [act] },
      goal: { statement: 'Ship every job.', successCriteria: ['all jobs released'] },
    });
    const team = [card('planner', 'plan', 'Plans with care.'), card('builder', 'build'), card('tester', 'test'), { ...card('reviewer', 'review'), role: { ...card('reviewer', 'review').role, acts: ['review', 'release'] } }];
    const experiment = { ...small, agents: [{ name: 'mine', file: './team.json', perAgent: { builder: { flakeBase: 0 } } }] };
    const dir = folder({ 'team.json': JSON.stringify(team), 'exp.json': JSON.stringify(experiment), 'three.json': JSON.stringify(team.slice(0, 3)) });
    const plan = await planSweep(await loadExperiment(join(dir, 'exp.json')), tempDir());
    const agents = plan.runs[0]!.config.agents;
    expect(agents.map((a) => [a.id, a.role.description])).toEqual([['planner', 'Plans with care.'], ['builder', 'The builder.'], ['tester', 'The tester.'], ['reviewer', 'The reviewer.']]);
    expect(agents[1]!.policy).toEqual({ kind: 'synthetic', params: { flakeBase: 0 } });
    // Another team than the world's is refused, naming the field.
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...experiment, agents: [{ name: 'mine', file: './three.json' }] }));
    await expect(loadExperiment(join(dir, 'bad.json')).then((e) => planSweep(e, tempDir()))).rejects.toThrow(
      new RegExp(`^Experiment file ${join(dir, 'bad.json')} "small", agents\\[0\\]\\.file: Agents file ${join(dir, 'three.json')} has agents planner, builder, tester; world "relay" with these parameters has planner, builder, tester, reviewer\\.`),
    );
  });

  it('of an ad-hoc sweep is named from the world module’s absolute path, however it was typed', () => {
    const arms = parseArms('none');
    const relative = adHocExperiment({ world: './worlds/relay.ts', arms, seeds: '1' });
    const absolute = adHocExperiment({ world: join(process.cwd(), 'worlds/relay.ts'), arms, seeds: '1' });
    expect(relative.name).toBe(absolute.name);
    expect(adHocExperiment({ world: './elsewhere/relay.ts', arms, seeds: '1' }).name).not.toBe(relative.name);
  });
});
