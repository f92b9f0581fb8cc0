/** The next chain hash: `sha256(prev + canonical(event))`. */
export function chainHash(prev: string, canonicalEvent: string): string;
/** An event line: its canonical JSON with the chain hash appended as a last `h` field. */
export function eventLine(canonicalEvent: string, h: string): string;
