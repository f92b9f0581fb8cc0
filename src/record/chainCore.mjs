// The hash chain's two rules, in plain JavaScript so the recorder thread
// (recorderWorker.mjs) can use them without loading tsx; chain.ts re-exports
// them for the TypeScript side. See DESIGN.md §5.
import { sha256Hex } from '../core/sha256.mjs';

/** The next chain hash: `sha256(prev + canonical(event))`. */
export function chainHash(prev, canonicalEvent) {
  return sha256Hex(prev + canonicalEvent);
}

/** An event line: its canonical JSON with the chain hash appended as a last `h` field. */
export function eventLine(canonicalEvent, h) {
  return `${canonicalEvent.slice(0, -1)},"h":"${h}"}`;
}
