import { describe, expect, expectTypeOf, it } from 'vitest';
import { benchOpenai } from '../../src/bench/benchOpenai.ts';
import type { Bench } from '../../src/bench/benches.ts';

describe('the openai bench', () => {
  it('runs many worlds at once against the loopback server and reports its figures', async () => {
    // 20 ms of latency: long enough that CPU contention from other test files running at once cannot make calls look serial.
    // Two rounds: the same live configs recorded twice (each round into its own folder).
    const figures = await benchOpenai({ latencyMs: 20, concurrency: 4, worlds: 6, repeats: 2 });
    for (const value of Object.values(figures)) expect(Number.isFinite(value) && value > 0).toBe(true);
    expect(figures.ratioToIdeal).toBeCloseTo(figures.turnsPerSec / 200, 6);
    // Calls one at a time could reach at most 1/C = 0.25 of the ideal C/L: above that, calls really overlap.
    expect(figures.ratioToIdeal).toBeGreaterThan(0.3);
    expectTypeOf(() => benchOpenai()).toExtend<Bench>();
  }, 30_000);
});
