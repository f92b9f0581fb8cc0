import type { RunConfig } from '../core/config.ts';
import { isBuiltInMitigation } from '../mitigations/registry.ts';
import { loadMitigationModules, mitigationSourcesOf } from '../mitigations/mitigationModules.ts';
import { loadMonitors } from '../monitors/registry.ts';
import { monitorSourcesOf } from '../monitors/monitorModules.ts';
import type { ResolvedWorld } from '../world/resolveWorld.ts';
import type { RunHeader } from './runFile.ts';

/**
 * The modules of a recorded run — its world, and the mitigation and monitor modules of every phase (`configs`) —
 * whose code is not what the run's header recorded, each as "<file> (source hash <recorded>… recorded, <now>… now)".
 * Empty when the code is the recorded code (or the header predates a kind of source hash: nothing to compare).
 * The modules are loaded here, so their source hashes are known.
 *
 * @example if ((await changedModules(header, world, phases.configs)).length) throw …
 */
export async function changedModules(header: RunHeader, world: ResolvedWorld, configs: readonly RunConfig[]): Promise<string[]> {
  const mitigations = configs.flatMap((c) => c.mitigations);
  const monitors = configs.flatMap((c) => c.monitors.enabled ?? []);
  await loadMitigationModules(mitigations, isBuiltInMitigation);
  await loadMonitors(monitors);
  const recorded = header.specHashes;
  // A header from before a kind of module was recorded has nothing to compare.
  const differs = (kind: Readonly<Record<string, string>> | undefined, now: Readonly<Record<string, string>>) => (kind === undefined ? [] : changedSources(kind, now));
  return [
    ...(recorded.worldSource !== world.sourceHash ? [changedSource(world.file, recorded.worldSource, world.sourceHash)] : []),
    ...differs(recorded.mitigationSources, mitigationSourcesOf(mitigations)),
    ...differs(recorded.monitorSources, monitorSourcesOf(monitors)),
  ];
}

/** The modules of `now` (source hashes by file) whose hash is not the one `recorded` holds, described. */
export function changedSources(recorded: Readonly<Record<string, string>>, now: Readonly<Record<string, string>>): string[] {
  return Object.entries(now)
    .filter(([file, hash]) => recorded[file] !== hash)
    .map(([file, hash]) => changedSource(file, recorded[file], hash));
}

/** A module whose code is not the recorded code: "<file> (source hash <was>… recorded, <now>… now)". */
export function changedSource(file: string, was: string | undefined, now: string): string {
  return `${file} (source hash ${was ? `${was.slice(0, 12)}…` : 'none'} recorded, ${now.slice(0, 12)}… now)`;
}
