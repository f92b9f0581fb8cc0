import { canonicalJson, sha256Hex } from '../core/canonical.ts';
import { headerCore, type RunHeader } from './runFile.ts';

/** The chain's first hash: the hash of the header's hashed part. */
export function headerHash(header: Omit<RunHeader, 'h'> | RunHeader): string {
  return sha256Hex(canonicalJson(headerCore(header)));
}

/** The next chain hash: `sha256(prev + canonical(event))`. */
export function chainHash(prev: string, canonicalEvent: string): string {
  return sha256Hex(prev + canonicalEvent);
}

/** An event line: its canonical JSON with the chain hash appended as a last `h` field. */
export function eventLine(canonicalEvent: string, h: string): string {
  return `${canonicalEvent.slice(0, -1)},"h":"${h}"}`;
}
