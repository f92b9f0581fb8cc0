import { sha256Hex } from '../core/canonical.ts';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The only source of randomness in troupe. Every consumer draws from its own
 * named stream, derived from the run seed by hashing, so adding a consumer
 * (a mitigation, an agent) never shifts another stream's draws.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  float(): number;
  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A uniformly chosen element; the array must not be empty. */
  pick<T>(items: readonly T[]): T;
}

/**
 * A 32-bit seed for stream `name` of run seed `seed`.
 *
 * @example deriveSeed(7, 'agent:user') // stable across runs and machines
 */
export function deriveSeed(seed: number, name: string): number {
  // The digest's first four bytes, big-endian.
  return Number.parseInt(sha256Hex(`${seed}:${name}`).slice(0, 8), 16);
}

/**
 * A seeded generator (xoroshiro128+ from pure-rand). Its 128-bit state is
 * expanded from the seed with splitmix32: pure-rand's own 32-bit seeding
 * leaves the first draws of nearby seeds correlated (seeds 1–5 all picked the
 * same task), and hashing per generator would cost a SHA-256 per model call.
 */
export function createRng(seed: number): Rng {
  let a = seed | 0;
  const next = (): number => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    return t ^ (t >>> 15);
  };
  const state = [next(), next(), next(), next()];
  if (!state.some((w) => w !== 0)) state[0] = 1; // the all-zero state is a fixed point
  const gen = xoroshiro128plusFromState(state);
  return {
    float: () => uniformFloat64(gen),
    int: (lo, hi) => uniformInt(gen, lo, hi),
    chance: (p) => p > 0 && uniformFloat64(gen) < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('Rng.pick: empty list');
      return items[uniformInt(gen, 0, items.length - 1)]!;
    },
  };
}

/** Named streams of one run seed, created on first use. */
export class RngStreams {
  private readonly streams = new Map<string, Rng>();
  constructor(readonly seed: number) {}

  /** The stream `name` (e.g. `world`, `scheduler`, `agent:planner`). */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = createRng(deriveSeed(this.seed, name));
      this.streams.set(name, rng);
    }
    return rng;
  }

  /** The derived seed of stream `name`, for consumers that build their own generators (e.g. one per call). */
  seedOf(name: string): number {
    return deriveSeed(this.seed, name);
  }
}
