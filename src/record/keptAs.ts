import { existsSync } from 'node:fs';

/** `path`, or `path-2`, `path-3`… when it is taken: a recording moved aside never replaces another. */
export function keptAs(path: string): string {
  let kept = path;
  for (let n = 2; existsSync(kept); n++) kept = `${path}-${n}`;
  return kept;
}
