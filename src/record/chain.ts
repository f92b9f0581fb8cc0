import { canonicalJson, sha256Hex } from '../core/canonical.ts';
import { headerCore, type RunHeader } from './runFile.ts';

export { chainHash, eventLine } from './chainCore.mjs';

/** The chain's first hash: the hash of the header's hashed part. */
export function headerHash(header: Omit<RunHeader, 'h'> | RunHeader): string {
  return sha256Hex(canonicalJson(headerCore(header)));
}
