import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

// A small world written as a researcher would, outside the repo, importing troupe by absolute path.
const api = join(import.meta.dirname, '../../src/index.ts');
const zod = join(import.meta.dirname, '../../node_modules/zod/index.js');
const base = `
import { z } from '${zod}';
import { defineWorld, roundRobin, goalReached } from '${api}';
const role = (name, act) => ({ name, description: 'The ' + name + '.', duties: ['say ' + act], forbidden: [], acts: [act] });
const goal = { statement: 'Agree on heads or tails.', successCriteria: ['agreement'] };
export const base = {
  id: 'coin', description: 'two agents agree', params: z.object({}), maxTurns: 6,
  agents: () => [{ id: 'alice', role: role('Caller', 'call'), goal }, { id: 'bob', role: role('Checker', 'check'), goal }],
  instructions: () => 'Say heads or tails.',
  init: () => ({ agreed: false }), scheduler: () => roundRobin(), progress: (s) => (s.agreed ? 1 : 0),
  termination: () => [goalReached()],
};
export const world = (change) => defineWorld({ ...base, ...change });
`;

/** Write `base.mjs` and a world module whose export is `world({ <change> })` (or `body` as given); return its path. */
function worldModule(change: string, body?: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'base.mjs'), base);
  writeFileSync(join(dir, 'w.mjs'), body ?? `import { world } from './base.mjs';\nexport default world({ ${change} });\n`);
  return join(dir, 'w.mjs');
}

describe('a mistake in a world module', () => {
  it('in its shape is reported when it loads, naming the module and each field, and nothing is written', async () => {
    const file = worldModule('', `import { base } from './base.mjs';\nimport { defineWorld } from '${api}';\nconst { maxTurns, progress, ...rest } = base;\nexport default defineWorld({ ...rest, apply: () => null });\n`);
    const out = tempDir();
    const r = await troupe('run', file, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `troupe: World module ${file} does not define a usable world:\n` +
        '  ✖ `maxTurns` must be a whole number ≥ 1, got nothing\n' +
        '  ✖ `progress` must be a function, got nothing\n' +
        '  ✖ `parseAction`, `actionSchema` (a zod schema) and `apply` go together: a world with actions needs all three\n',
    );
  });

  it('that throws is named as the world’s, where it threw', async () => {
    const file = worldModule("progress: () => { throw new Error('boom'); }");
    const r = await troupe('run', file, '--out', tempDir(), '--json');
    const { termination } = JSON.parse(r.stdout) as { termination: { reason: string; detail: string } };
    expect(termination.reason).toBe('error');
    expect(termination.detail).toMatch(/^world "coin": its code threw: boom \(Object\.progress \(/);
    expect(termination.detail).toContain(`${file}:2:`);
  });

  it('that throws is named as the world’s also when written in TS outside a "type": "module" package (tsx loads it apart)', async () => {
    // The README's example world, as a user saves it (no package.json beside it), with a bug in its progress.
    const readme = readFileSync(join(import.meta.dirname, '../../src/world/README.md'), 'utf8');
    const coin = /```ts\n([\s\S]*?)```/.exec(readme)![1]!.replaceAll('/path/to/troupe', join(import.meta.dirname, '../..'));
    const file = join(tempDir(), 'coin.ts');
    writeFileSync(file, coin.replace(/progress: \(s\) => .*,\n/, "progress: () => { throw new Error('boom'); },\n"));
    const r = await troupe('run', file, '--out', tempDir(), '--json');
    const { termination } = JSON.parse(r.stdout) as { termination: { reason: string; detail: string } };
    expect(termination).toEqual({ reason: 'error', detail: `world "coin": its code threw: boom (Object.progress (${file}))` });
  });

  it('in its agents(params) names the world (not an agents file)', async () => {
    const body = (agents: string) => `import { base, world } from './base.mjs';\nexport default world({ agents: ${agents} });\n`;
    const twice = worldModule('', body('() => [base.agents()[0], base.agents()[0]]'));
    const r = await troupe('run', twice, '--out', tempDir());
    expect([r.code, r.stderr]).toEqual([1, 'troupe: World "coin", agents(params): Agent id "alice" is not valid: agent ids must be unique and not "world".\n']);
    const noActs = worldModule('', body('() => base.agents().map((a) => ({ ...a, role: { ...a.role, acts: [] } }))'));
    expect((await troupe('run', noActs, '--out', tempDir())).stderr).toMatch(/^troupe: World "coin", agents\(params\): Agent spec #1 failed validation/);
    const throws = worldModule('', body("() => { throw new Error('no team'); }"));
    expect(await troupe('run', throws, '--out', tempDir())).toMatchObject({ code: 1, stderr: 'troupe: World "coin": agents(params) threw: no team\n' });
  });

  it('edited since a run of the same config was recorded: run again, it keeps that recording instead of recording over it', async () => {
    const readme = readFileSync(join(import.meta.dirname, '../../src/world/README.md'), 'utf8');
    const coin = /```ts\n([\s\S]*?)```/.exec(readme)![1]!.replaceAll('/path/to/troupe', join(import.meta.dirname, '../..'));
    const dir = tempDir();
    const file = join(dir, 'coin.ts');
    writeFileSync(file, coin);
    const out = join(dir, 'runs');
    const first = JSON.parse((await troupe('run', file, '--out', out, '--json')).stdout) as { file: string; finalHash: string };
    // The same code again: the same run, recorded over with the same bytes, nothing said.
    const again = await troupe('run', file, '--out', out, '--json');
    expect(again.stderr).toBe('');
    writeFileSync(file, coin.replace('Board: ', 'Board now: '));
    const edited = await troupe('run', file, '--out', out, '--json');
    expect(edited.stderr).toMatch(new RegExp(`^troupe: note: this config's run was recorded before with other code of ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(source hash \\w{12}… recorded, \\w{12}… now\\); that recording is kept as ${first.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.old-code\\.\\n$`));
    expect((JSON.parse(edited.stdout) as { file: string }).file).toBe(first.file);
    expect(verifyRun(`${first.file}.old-code`)).toMatchObject({ status: 'sealed' });
    expect(readdirSync(out).sort()).toEqual([basename(first.file), `${basename(first.file)}.old-code`]);
  });

  it('whose resolveParams is not idempotent is refused before anything is written (a replay resolves the recorded ones again)', async () => {
    const file = worldModule("params: z.object({ n: z.number().default(1) }), resolveParams: (p) => ({ n: p.n + 1 })", `import { base } from './base.mjs';\nimport { defineWorld } from '${api}';\nimport { z } from '${zod}';\nexport default defineWorld({ ...base, params: z.object({ n: z.number().default(1) }), resolveParams: (p) => ({ n: p.n + 1 }) });\n`);
    const out = tempDir();
    const r = await troupe('run', file, '--out', out);
    expect([r.code, r.stderr]).toEqual([1, 'troupe: world "coin": resolveParams is not idempotent: it resolved {"n":2} again to {"n":3}. A run records its resolved parameters and resolves them again on replay, so resolving them must change nothing.\n']);
    expect(readdirSync(out)).toEqual([]);
  });

  it('with parameters that are not plain JSON (a bigint) says so for run and worlds, before anything is written', async () => {
    const file = worldModule(`params: z.object({ n: z.bigint().default(1n) })`, `import { base } from './base.mjs';\nimport { defineWorld } from '${api}';\nimport { z } from '${zod}';\nexport default defineWorld({ ...base, params: z.object({ n: z.bigint().default(1n) }) });\n`);
    const message = 'troupe: World "coin" parameters are not plain JSON (a bigint is not representable as JSON): a world\'s parameters must be JSON values, as the run records them.\n';
    const out = tempDir();
    expect(await troupe('run', file, '--out', out)).toMatchObject({ code: 1, stderr: message });
    expect(readdirSync(out)).toEqual([]);
    expect(await troupe('worlds', file)).toMatchObject({ code: 1, stderr: message });
  });

  it('that forgets defineWorld says so', async () => {
    const file = worldModule('', `import { base } from './base.mjs';\nexport default base;\n`);
    const r = await troupe('run', file, '--out', tempDir());
    expect([r.code, r.stderr]).toEqual([1, `troupe: The world module ${file} must export exactly one world made with defineWorld() (or a default export); found 0: its default export is not made with defineWorld() (export default defineWorld({ … })).\n`]);
  });

  it('in what its code returns ends the run in error, sealed, saying which callback returned what', async () => {
    const cases: [string, string][] = [
      ['progress: () => NaN', 'world "coin": progress(state) returned NaN; expected a number from 0 to 1.'],
      ['progress: () => undefined', 'world "coin": progress(state) returned undefined; expected a number from 0 to 1.'],
      ['progress: () => 2', 'world "coin": progress(state) returned 2; expected a number from 0 to 1.'],
      ["scheduler: () => ({ kind: 'x', next: () => ['carol'] })", `world "coin": the scheduler's next() returned unknown agent "carol"; expected a list of the run's agents (alice, bob).`],
      ['opening: () => 42', 'world "coin": opening(state) returned 42; expected text or null.'],
      [
        'onMessage: (s, m) => ({ state: { ...s, seen: new Set([m.from]) }, changed: true, ok: true, reason: null, note: null })',
        'world "coin": its state is not plain JSON (a Set is not plain JSON); keep it to objects, arrays, strings, finite numbers, booleans and null, so that it is hashed whole.',
      ],
    ];
    cases.push(
      ['init: () => ({ agreed: false, seen: new Set([1]) })', 'world "coin": its state is not plain JSON (a Set is not plain JSON); keep it to objects, arrays, strings, finite numbers, booleans and null, so that it is hashed whole.'],
      ['onMessage: () => undefined', 'world "coin": onMessage(…) returned undefined; expected an outcome { state, changed, ok, reason, note }.'],
    );
    for (const [change, message] of cases) {
      const out = tempDir();
      const r = await troupe('run', worldModule(change), '--out', out, '--json');
      expect([r.code, r.stderr], change).toEqual([1, '']);
      const result = JSON.parse(r.stdout) as { termination: { reason: string; detail: string }; file: string };
      expect(result.termination, change).toEqual({ reason: 'error', detail: message });
      expect(verifyRun(result.file).status, change).toBe('sealed');
    }
  });
});
