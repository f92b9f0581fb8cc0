import { createHash } from 'node:crypto';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

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
  return createHash('sha256').update(`${seed}:${name}`).digest().readUInt32BE(0);
}

/** A seeded generator (xoroshiro128+ from pure-rand). */
export function createRng(seed: number): Rng {
  const gen = xoroshiro128plus(seed | 0);
  // Warm-up: the first outputs of xoroshiro from a small seed are poorly mixed.
  for (let i = 0; i < 8; i++) gen.next();
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
