import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMitigations, parseArm } from '../../src/mitigations/index.ts';
import { DEFAULT_MONITORS } from '../../src/monitors/index.ts';
import { runWorld } from '../../src/runner/index.ts';
import { researcherDir } from '../helpers/runs.ts';

const src = join(import.meta.dirname, '..', '..', 'src', 'index.ts');

describe('a mitigation module that errs in any of its parts', () => {
  it('is named, with what it did wrong: before the run (refused) or in it (the run ends in error)', async () => {
    // A researcher's folder: troupe's dependencies, no package.json (the modules load as troupe's commands load them).
    const dir = researcherDir();
    const module = (name: string, body: string) => {
      writeFileSync(join(dir, `${name}.ts`), `import { z } from 'zod';\nimport { defineMitigation } from '${src}';\nexport default defineMitigation({ kind: '${name}', summary: 's', notesOnly: false, schema: z.object({ k: z.number().default(1) }), ${body} });\n`);
      return `./${name}.ts`;
    };
    const file = (name: string) => join(dir, `${name}.ts`);
    const attempt = async (arm: string) => {
      const mitigations = await loadMitigations(parseArm(arm), { from: dir, monitors: DEFAULT_MONITORS });
      return runWorld({ config: { world: 'relay', seed: 5, mitigations }, out: join(dir, 'runs') });
    };
    const refused = (arm: string) => attempt(arm).then(() => 'ran', (error: Error) => error.message);
    const ended = async (arm: string) => (await attempt(arm)).termination;

    expect(await refused(module('returns', 'create: () => 42 as never'))).toBe(`mitigation "returns" (${file('returns')}): create() returned 42; expected a handler function (or null).`);
    expect(await ended(module('badguard', "create: (_p, api) => { api.guard(() => 'no!' as never); return null; }"))).toEqual({
      reason: 'error',
      detail: `mitigation "badguard" (${file('badguard')}): a guard returned "no!"; expected null or a refusal { by: "badguard", reason: "…" }.`,
    });
    expect(await ended(module('ghost', "create: (_p, api) => (e) => { if (e.type === 'turn.start') api.note('nobody', 'hello', 't'); }"))).toEqual({
      reason: 'error',
      detail: `mitigation "ghost" (${file('ghost')}): an intervention it made cannot be applied: the agent "nobody" is not one of the run's (planner, builder, tester, reviewer; null for every agent).`,
    });
    expect(await refused(module('reacts', "reactsTo: () => { throw new Error('oops'); }, create: () => null"))).toBe(`mitigation "reacts" (${file('reacts')}): reactsTo threw: oops`);
    // Parameters are strict even when the schema is not: a misspelt one is never left at its default.
    expect(await refused(`${module('loose', 'create: () => null')}:kk=2`)).toMatch(/^Mitigation "loose": unknown parameter "kk"\./);
    writeFileSync(join(dir, 'Bad.ts'), readFileSync(file('loose'), 'utf8').replace("kind: 'loose'", "kind: 'Has Space'"));
    expect(await refused('./Bad.ts')).toMatch(/declares kind "Has Space": a kind is lower-case letters, digits and -/);
    writeFileSync(join(dir, 'twin.ts'), readFileSync(file('loose'), 'utf8'));
    expect(await refused('./loose.ts+./twin.ts')).toMatch(/^The mitigation modules \S+loose\.ts and \S+twin\.ts both declare kind "loose"/);
    expect(await refused('./old.cts')).toMatch(/ends in \.ts, \.js, \.mts or \.mjs/);
  }, 60_000);
});
