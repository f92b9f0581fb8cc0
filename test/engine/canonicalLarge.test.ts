import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical.ts';
import { createRng } from '../../src/determinism/rng.ts';

describe('canonical JSON of a large object', () => {
  it('sorts 5,000 keys given in random order as the reference implementation does', () => {
    const rng = createRng(7);
    // Mixed-case, accented and astral keys: the built-in sort used above the insertion-sort threshold must
    // order them by UTF-16 code units, as `<` does.
    const keys = Array.from({ length: 5000 }, (_, i) => `${rng.pick(['a', 'B', 'é', '😀', '10', '2', ''])}${i}`);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const value = Object.fromEntries(keys.map((k, i) => [k, i]));
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });
});
