import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The planned runs of the summary already at `file` (null: none, or unreadable). */
export function plannedRunsOf(file: string): number | null {
  try {
    const planned = (JSON.parse(readFileSync(file, 'utf8')) as { runs?: { planned?: unknown } }).runs?.planned;
    return typeof planned === 'number' ? planned : null;
  } catch {
    return null;
  }
}

/**
 * For an error that leaves a sweep without a new summary: that the summary.json and results.csv already in `dir`
 * are an earlier sweep's (they would otherwise pass for this one's); empty when there are none.
 */
export function earlierSummaryNote(dir: string): string {
  const earlier = plannedRunsOf(join(dir, 'summary.json'));
  return earlier === null ? '' : ` (The summary.json and results.csv in ${dir} are an earlier ${earlier}-run sweep's, not this one's.)`;
}
