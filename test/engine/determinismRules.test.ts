import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const forbidden = /Date\.now\(|new Date\(|Math\.random\(|randomUUID\(|performance\.now\(|setTimeout\(|setInterval\(|setImmediate\(/;
// The one clock module and the one RNG module may touch time and entropy.
const allowed = new Set(['src/determinism/clock.ts', 'src/determinism/rng.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(name) ? [path] : [];
  });
}

describe('determinism rules (DESIGN.md §4)', () => {
  it('no wall clock, timers or unseeded randomness appear in src/, worlds/ or agents/ outside the clock and RNG modules', () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'worlds', 'agents']) {
      for (const file of sourceFiles(join(root, dir))) {
        const rel = relative(root, file);
        if (allowed.has(rel)) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (forbidden.test(line)) offenders.push(`${rel}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the guard itself catches a forbidden call', () => {
    expect(forbidden.test('const t = Date.now();')).toBe(true);
    expect(forbidden.test('const r = Math.random();')).toBe(true);
    expect(forbidden.test('await sleepMs(5);')).toBe(false);
  });
});
