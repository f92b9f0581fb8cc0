import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * RFC 8785 canonical JSON. Recorded data must be plain JSON, so an `undefined`
 * result means a caller passed something that can never be hashed stably.
 *
 * @example canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('canonicalJson: value is not representable as JSON');
  return text;
}

/** SHA-256 of a UTF-8 string, lower-case hex. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hash of a value's canonical JSON: the one way troupe fingerprints specs, configs and requests. */
export function hashOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
