import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

const indexTs = join(import.meta.dirname, '..', '..', 'src', 'index.ts');

/** A world module in a folder of its own, importing troupe (and zod's `z`) by absolute path, as src/world/README.md shows. */
function moduleWorld(): string {
  const file = join(tempDir('troupe-worlds-'), 'notes.ts');
  writeFileSync(
    file,
    `import { defineWorld, goalReached, roundRobin, z } from ${JSON.stringify(indexTs)};

const writer = (id: string, name: string) => ({
  id,
  role: { name, description: 'You write notes.', duties: ['Write one note a turn.'], forbidden: [], acts: ['write'] },
  goal: { statement: 'Write the notes.', successCriteria: ['Every note is written.'] },
});

export const notes = defineWorld({
  id: 'notes',
  description: 'Writers take turns writing notes.',
  params: z.object({
    notes: z.number().int().min(1).default(4).describe('notes to write'),
    tone: z.enum(['dry', 'warm']).default('dry').describe('how the notes read'),
    title: z.string().optional(),
  }),
  maxTurns: 12,
  agents: () => [writer('ann', 'Scribe'), writer('bob', 'Editor')],
  instructions: (p) => \`Write \${p.notes} notes in a \${p.tone} tone.\`,
  init: () => ({ written: 0 }),
  onMessage: (s) => ({ state: { written: s.written + 1 }, changed: true, ok: true, reason: null, note: null }),
  scheduler: () => roundRobin(),
  progress: (s) => Math.min(1, s.written / 4),
  termination: () => [goalReached()],
});
`,
  );
  return file;
}

interface Doc {
  id: string;
  description: string;
  file: string;
  maxTurns: number;
  params: { name: string; type: string; values: unknown[] | null; required: boolean; default?: unknown; description: string | null; schema: object }[];
  seed: number;
  given: Record<string, unknown>;
  resolvedParams: Record<string, unknown> | null;
  agents: { id: string; role: string; acts: string[] }[] | null;
}

describe('troupe worlds', () => {
  it('lists the built-in worlds, one a line (and as a JSON array)', async () => {
    const text = await troupe('worlds');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^camel-roleplay {2}CAMEL role play/m);
    expect(text.stdout).toMatch(/^relay {11}A team of 3–5 roles/m);
    expect(text.stdout.trim().split('\n')).toHaveLength(2);
    const json = await troupe('worlds', '--json');
    expect(JSON.parse(json.stdout)).toEqual([
      { id: 'camel-roleplay', description: expect.stringContaining('CAMEL'), maxTurns: 40 },
      { id: 'relay', description: expect.stringContaining('A team'), maxTurns: 60 },
    ]);
  });

  it('describes a built-in world: turn cap, parameters with types and defaults, default agents', async () => {
    const { code, stdout, stderr } = await troupe('worlds', 'relay');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^relay — A team/);
    expect(stdout).toMatch(/^max turns {2}60$/m);
    expect(stdout).toMatch(/^ {2}jobs +integer in \[1, 10000000\] +3$/m);
    expect(stdout).toMatch(/^ {2}team +integer in \[3, 5\] +4$/m);
    expect(stdout).toMatch(/^ {2}scheduler +"moderator" \| "round-robin" \| "simultaneous" +"moderator"$/m);
    // The project is left open (null) and picked from the seed; the agents are listed for the pick.
    expect(stdout).toMatch(/^default agents \(seed 1 picks project="[a-z ]+"\):$/m);
    expect(stdout).toMatch(/^ {2}planner +Planner +plan$/m);
    expect(stdout).toMatch(/^ {2}reviewer +Reviewer +review$/m);
    expect(stdout).not.toMatch(/releaser/); // team defaults to 4
  });

  it('describes a world module from a folder outside the repository, descriptions included', async () => {
    const file = moduleWorld();
    const { code, stdout, stderr } = await troupe('worlds', file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(`module     ${file}\n`);
    expect(stdout).toMatch(/^max turns {2}12$/m);
    expect(stdout).toMatch(/^ {2}notes +integer ≥ 1 +4 +notes to write$/m);
    expect(stdout).toMatch(/^ {2}tone +"dry" \| "warm" +"dry" +how the notes read$/m);
    expect(stdout).toMatch(/^ {2}title +string +\(optional\)$/m);
    expect(stdout).toMatch(/^default agents:\n {2}id +role +acts\n {2}ann +Scribe +write\n {2}bob +Editor +write\n/m);
  });

  it('--json prints the description as one object', async () => {
    const relay = await troupe('worlds', 'relay', '--json', '--seed', '2', '--param', 'team=5');
    expect(relay.code).toBe(0);
    const doc = JSON.parse(relay.stdout) as Doc;
    expect(Object.keys(doc)).toEqual(['id', 'description', 'file', 'maxTurns', 'params', 'seed', 'given', 'resolvedParams', 'agents']);
    expect(doc).toMatchObject({ id: 'relay', maxTurns: 60, seed: 2, given: { team: 5 } });
    expect(doc.file).toMatch(/worlds\/relay\.ts$/);
    expect(doc.params.map((p) => p.name)).toEqual(['team', 'jobs', 'project', 'scheduler', 'testFailRate']);
    expect(doc.params.find((p) => p.name === 'jobs')).toEqual({
      name: 'jobs',
      type: 'integer in [1, 10000000]',
      values: null,
      required: false,
      default: 3,
      description: null,
      schema: { type: 'integer', minimum: 1, maximum: 10_000_000, default: 3 },
    });
    expect(doc.params.find((p) => p.name === 'project')).toMatchObject({ default: null, values: ['online bookshop', 'weather service', 'team chat', null] });
    expect(doc.resolvedParams).toMatchObject({ team: 5, jobs: 3, project: expect.any(String) });
    expect(doc.agents?.map((a) => [a.id, a.role, a.acts])).toEqual([
      ['planner', 'Planner', ['plan']],
      ['builder', 'Builder', ['build']],
      ['tester', 'Tester', ['test']],
      ['reviewer', 'Reviewer', ['review']],
      ['releaser', 'Releaser', ['release']],
    ]);

    const module = JSON.parse((await troupe('worlds', moduleWorld(), '--json')).stdout) as Doc;
    expect(module.params.find((p) => p.name === 'tone')).toMatchObject({ type: '"dry" | "warm"', values: ['dry', 'warm'], default: 'dry', description: 'how the notes read' });
    expect(module.params.find((p) => p.name === 'title')).toMatchObject({ type: 'string', required: false, description: null });
    expect(module.params.find((p) => p.name === 'title')).not.toHaveProperty('default');
    expect(module.agents).toEqual([
      { id: 'ann', role: 'Scribe', acts: ['write'] },
      { id: 'bob', role: 'Editor', acts: ['write'] },
    ]);
  });

  it('refuses --seed or --param without a world to describe, rather than ignoring them', async () => {
    for (const flag of [['--seed', '3'], ['--param', 'team=3']]) {
      expect(await troupe('worlds', ...flag), flag[0]).toMatchObject({ code: 1, stderr: 'troupe: --param and --seed describe the default agents of one world: give its id or path (troupe worlds <world> --seed N).\n' });
    }
  });

  it('an unknown world, a missing module or a bad parameter is one line on stderr and exit 1', async () => {
    const unknown = await troupe('worlds', 'nope');
    expect(unknown).toEqual({
      code: 1,
      stdout: '',
      stderr: 'troupe: Unknown world "nope". Known worlds: camel-roleplay, relay; or give a path to a world module (e.g. ./worlds/myWorld.ts).\n',
    });
    const missing = await troupe('worlds', join(tempDir(), 'gone.ts'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^troupe: World module \S+\/gone\.ts not found\.\n$/);
    const misspelt = await troupe('worlds', 'relay', '--param', 'tem=3');
    expect(misspelt.code).toBe(1);
    expect(misspelt.stderr).toBe('troupe: World "relay" parameters: unknown parameter "tem" (known: team, jobs, project, scheduler, testFailRate).\n');
  });
});
