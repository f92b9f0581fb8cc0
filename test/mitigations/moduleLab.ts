import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { researcherDir } from '../helpers/runs.ts';

export { troupeIn } from '../helpers/cli.ts';

// A researcher's folder and mitigation module, for the tests of mitigation modules through the CLI.

export const src = join(import.meta.dirname, '..', '..', 'src', 'index.ts');

/** A researcher's mitigation: a note to every agent every k turns. */
export const SHOUT = (note: string) => `import { z } from 'zod';
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
export function lab(): string {
  const dir = researcherDir();
  writeFileSync(join(dir, 'shout.ts'), SHOUT('FOCUS on the goal, everyone!'));
  return dir;
}


export function lines(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

export type Header = { seed: number; config: { mitigations: { kind: string; params: Record<string, unknown> }[] }; specHashes: { mitigationSources?: Record<string, string> } };
