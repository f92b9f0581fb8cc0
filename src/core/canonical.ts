import * as crypto from 'node:crypto';

/**
 * RFC 8785 canonical JSON (JCS): object keys sorted by UTF-16 code units,
 * numbers and strings serialised as ECMAScript's JSON.stringify does. Written
 * here rather than taken from the `canonicalize` package because that one
 * scans every string character in JS and was 30% of a run's time; the test
 * suite checks both agree. Recorded data must be plain JSON: NaN, Infinity,
 * lone surrogates and non-plain values are refused.
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) throw new Error('canonicalJson: lone surrogate in string');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonicalJson: ${value} is not allowed`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      const known = immutable.get(value);
      if (known !== undefined) return known;
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item = value[i] as unknown;
          out += (i ? ',' : '') + (item === undefined ? 'null' : canonicalJson(item));
        }
        return `${out}]`;
      }
      // These have no own enumerable keys and would hash as `{}` whatever they hold.
      if (value instanceof Map || value instanceof Set || value instanceof Date) throw new Error(`canonicalJson: a ${value.constructor.name} is not plain JSON`);
      const record = value as Record<string, unknown>;
      const keys = sortInPlace(Object.keys(record));
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const item = record[key];
        if (item === undefined) continue;
        out += (out.length > 1 ? ',' : '') + quotedKey(key) + canonicalJson(item);
      }
      return `${out}}`;
    }
    default:
      throw new Error(`canonicalJson: a ${typeof value} is not representable as JSON`);
  }
}

/** Above this many keys insertion sort's quadratic cost outweighs its lead over `Array.prototype.sort`. */
const INSERTION_SORT_MAX = 16;

/**
 * Sort by UTF-16 code units (what `<` compares). An object usually has few
 * keys, often already in order, where insertion sort beats
 * `Array.prototype.sort`; larger ones (open-ended records) use the built-in
 * sort, whose default comparison is the same code-unit order.
 */
function sortInPlace(keys: string[]): string[] {
  if (keys.length > INSERTION_SORT_MAX) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

// Events reuse a small vocabulary of keys: each is checked and quoted once (bounded, for open-ended records).
const quoted = new Map<string, string>();

/** `"key":` for a key, cached. */
function quotedKey(key: string): string {
  let text = quoted.get(key);
  if (text === undefined) {
    text = `${canonicalJson(key)}:`;
    if (quoted.size < 4096) quoted.set(key, text);
  }
  return text;
}

// One-shot `crypto.hash` (Node ≥ 20.12) skips the Hash object and is ~40% faster on event-sized inputs.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/**
 * Canonical text of objects their owners promised never to change (context
 * entries shared between requests, a policy's settings), computed once. A
 * model request repeats such objects call after call; recording them would
 * otherwise re-serialise the same text every time.
 */
const immutable = new WeakMap<object, string>();

/**
 * `canonicalJson` of an object that will never be mutated again, cached for
 * every later serialisation. The object is frozen (shallowly: context entries
 * and policy settings are flat records of scalars) so that a later mutation
 * throws rather than leave the cache serving stale text, i.e. a wrong hash.
 */
export function canonicalOfImmutable(value: object): string {
  let text = immutable.get(value);
  if (text === undefined) {
    text = canonicalJson(value);
    Object.freeze(value);
    immutable.set(value, text);
  }
  return text;
}

/** SHA-256 of a UTF-8 string, lower-case hex. */
export function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text).digest('hex');
}

/** Hash of a value's canonical JSON: the one way troupe fingerprints specs, configs and requests. */
export function hashOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
