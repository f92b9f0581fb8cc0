import * as fs from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readRun } from '../../src/record/readRun.ts';
import { recordedFlags, runCli } from './runCli.ts';

const golden = join(import.meta.dirname, '..', 'golden');

// Simulate a run file too big for one string: any whole-file read of a .jsonl fails as it does past 512 MB.
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((path: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (String(path).endsWith('.jsonl')) {
      throw Object.assign(new Error('Cannot create a string longer than 0x1fffffe8 characters'), { code: 'ERR_STRING_TOO_LONG' });
    }
    return (real.readFileSync as (...a: unknown[]) => unknown)(path, ...rest);
  }) as typeof real.readFileSync;
  return { ...real, readFileSync, default: { ...real, readFileSync } };
});

afterEach(() => vi.restoreAllMocks());

describe('offline monitoring of a run file', () => {
  it('(the simulated limit is in force: reading the file whole fails)', () => {
    expect(() => readRun(join(golden, 'relay-synthetic.jsonl'))).toThrow(/ERR_STRING_TOO_LONG/);
  });

  it.each(['relay-synthetic.jsonl', 'relay-scripted.jsonl', 'relay-fork.jsonl'])(
    'streams %s line by line: it never reads the file whole, and finds the flags recorded online',
    async (name) => {
      const file = join(golden, name);
      const lines = (await vi.importActual<typeof import('node:fs')>('node:fs')).readFileSync(file, 'utf8').split('\n');
      const expected = recordedFlags(lines);
      expect(expected.length).toBeGreaterThan(0);
      const { out, err } = await runCli('monitor', file, '--json');
      expect(JSON.parse(out)).toEqual(expected);
      expect(err).toBe('');
    },
  );
});
