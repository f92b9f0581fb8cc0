import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { tempDir } from '../helpers/runs.ts';

/** Run the CLI in this process (no tsx start-up per call); collect what it prints and its exit code. */
export async function troupeHere(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'troupe', ...argv]);
    return { code, out, err };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = undefined;
  }
}

/** The committed golden camel run (114 events, sealed), copied as `name` into a fresh folder: tests damage copies only. */
export function goldenCopy(name = 'good.jsonl', dir = tempDir()): string {
  const file = join(dir, name);
  copyFileSync(join(import.meta.dirname, '..', 'golden', 'camel-synthetic.jsonl'), file);
  return file;
}

/** Any output that is an internal error (a bug) or carries a stack trace. */
export const internalError = /internal error|\n\s+at /;
