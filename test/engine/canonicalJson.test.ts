import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical.ts';
import { createRng } from '../../src/determinism/rng.ts';

function randomValue(rng: ReturnType<typeof createRng>, depth: number): unknown {
  const kind = rng.int(0, depth > 3 ? 3 : 5);
  const strings = ['', 'a', 'Zürich', 'emoji 😀', 'quote " back \\ slash', 'line\nbreak\ttab', '\u0001ctl', 'é', 'B', 'b', '10', '2'];
  switch (kind) {
    case 0:
      return rng.pick([0, -0, 1, -1.5, 1e21, 1e-7, 123456789.125, 2 ** 53, 0.1 + 0.2]);
    case 1:
      return rng.pick(strings);
    case 2:
      return rng.pick([true, false, null]);
    case 3:
      return rng.int(-1000, 1000);
    case 4:
      return Array.from({ length: rng.int(0, 4) }, () => randomValue(rng, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: rng.int(0, 5) }, () => [rng.pick(strings), randomValue(rng, depth + 1)]));
  }
}

describe('canonical JSON', () => {
  it('agrees with the reference RFC 8785 implementation on a thousand random values', () => {
    const rng = createRng(42);
    for (let i = 0; i < 1000; i++) {
      const value = randomValue(rng, 0);
      expect(canonicalJson(value)).toBe(canonicalize(value));
    }
  });

  it('sorts keys by UTF-16 code units and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: undefined, A: [1, 'x'], é: null })).toBe('{"A":[1,"x"],"b":1,"é":null}');
  });

  it('refuses what cannot be hashed stably', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson({ x: Infinity })).toThrow();
    expect(() => canonicalJson('\ud800')).toThrow();
    expect(() => canonicalJson({ f: () => 1 })).toThrow();
  });
});
