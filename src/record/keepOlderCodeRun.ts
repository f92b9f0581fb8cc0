import { existsSync, renameSync } from 'node:fs';
import type { RunConfig } from '../core/config.ts';
import type { ResolvedWorld } from '../world/resolveWorld.ts';
import { changedModules } from './changedModules.ts';
import { firstLine } from './firstLine.ts';
import { keptAs } from './keptAs.ts';
import { parseHeaderLine } from './readRun.ts';
import { isSealed } from './runTail.ts';

/**
 * Before a run of `config` is recorded into `file`: when the file holds a sealed run of the same config made with
 * other code of its world, mitigation or monitor modules (a run's id hashes its config, not its code), move that
 * recording aside, to `<file>.old-code` (`-2`, … when taken), instead of recording over it. Returns where it went
 * and what changed, or null when there was nothing to keep. Running a config again with the same code records the
 * same events: that file is left to be recorded over, as ever.
 *
 * @example const kept = await keepOlderCodeRun(file, world, config); if (kept) console.warn(`kept as ${kept.file}`)
 */
export async function keepOlderCodeRun(file: string, world: ResolvedWorld, config: RunConfig): Promise<{ file: string; changed: string[] } | null> {
  if (!existsSync(file) || !isSealed(file)) return null;
  let header;
  try {
    header = parseHeaderLine(firstLine(file), file);
  } catch {
    return null; // not a run file troupe can read: the run's own checks say so
  }
  const changed = await changedModules(header, world, [config]);
  if (changed.length === 0) return null;
  const kept = keptAs(`${file}.old-code`);
  renameSync(file, kept);
  return { file: kept, changed };
}
