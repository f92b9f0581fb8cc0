/**
 * Near-duplicate detection by word shingles. A message becomes the sorted set
 * of 32-bit hashes of its consecutive token pairs (plus single tokens for very
 * short texts); similarity is exact Jaccard / containment over those sets,
 * computed by a linear merge. With a bounded window this is cheaper than
 * MinHash signatures and has no estimation error.
 */

/** FNV-1a, 32 bit. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Sorted unique hashes of the `k`-token shingles of `tokens`; a text shorter
 * than `k` tokens yields its tokens as one shingle so it can still match.
 *
 * @example shingleSet(['thank', 'help', 'much']) // two shingles: "thank help", "help much"
 */
export function shingleSet(tokens: readonly string[], k = 2): Uint32Array {
  if (tokens.length === 0) return new Uint32Array(0);
  const hashes = tokens.map(tokenHash);
  const n = Math.max(1, tokens.length - k + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < Math.min(i + k, tokens.length); j++) h = Math.imul(h ^ hashes[j]!, 0x01000193) ^ (h >>> 15);
    out[i] = h >>> 0;
  }
  out.sort();
  let m = 0;
  for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[m - 1]) out[m++] = out[i]!;
  return out.subarray(0, m);
}

const hashCache = new Map<string, number>();

/** hash32 of a token, memoised (tokens recur; the cache is bounded and changes no result). */
function tokenHash(token: string): number {
  let h = hashCache.get(token);
  if (h === undefined) {
    h = hash32(token);
    if (hashCache.size >= 50_000) hashCache.clear();
    hashCache.set(token, h);
  }
  return h;
}

function intersectionSize(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      n++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return n;
}

/** |A ∩ B| / |A ∪ B|; 0 when both are empty (two empty messages are flakes, not a loop). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 || b.length === 0) return 0;
  const inter = intersectionSize(a, b);
  return inter / (a.length + b.length - inter);
}

/** |A ∩ B| / |A|: how much of `a` is copied from `b`. */
export function containment(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0) return 0;
  return intersectionSize(a, b) / a.length;
}
