import { readFileSync } from 'node:fs';

/** The planned runs of the summary already at `file` (null: none, or unreadable). */
export function plannedRunsOf(file: string): number | null {
  try {
    const planned = (JSON.parse(readFileSync(file, 'utf8')) as { runs?: { planned?: unknown } }).runs?.planned;
    return typeof planned === 'number' ? planned : null;
  } catch {
    return null;
  }
}
