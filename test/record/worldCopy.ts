import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** A copy of worlds/relay.ts as `dir/relayCopy.ts` (imports made absolute), with `edit` applied to its source. */
export function relayCopy(dir: string, edit: (source: string) => string = (s) => s): string {
  const source = readFileSync(join(root, 'worlds/relay.ts'), 'utf8').replaceAll("from '../", `from '${root}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'relayCopy.ts');
  writeFileSync(file, edit(source));
  return file;
}

/** Replace `from` in `source`, failing loudly when the world file no longer has it. */
export function replaceOnce(source: string, from: string, to: string): string {
  expect(source, `worlds/relay.ts no longer contains ${from}: update this test`).toContain(from);
  return source.replace(from, to);
}
