import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashOf, sha256Hex } from '../core/canonical.ts';
import type { RunConfig } from '../core/config.ts';
import { mitigationSourcesOf } from '../mitigations/mitigationModules.ts';
import { monitorSourcesOf } from '../monitors/monitorModules.ts';
import { wallClockIso } from '../determinism/clock.ts';
import { PROJECT } from '../core/project.ts';
import { RUN_FORMAT, RUN_FORMAT_VERSION, type Parent, type RunHeader } from '../record/runFile.ts';
import type { ResolvedWorld } from '../world/resolveWorld.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The header of a new run file: config and spec hashes (hashed), environment facts (metadata, not hashed).
 * `phases`: every config the run has (a fork's changes included), for the sources of its mitigation and monitor
 * modules.
 */
export function runHeader(
  runId: string,
  config: RunConfig,
  world: ResolvedWorld,
  parent: Parent | null,
  version = RUN_FORMAT_VERSION,
  phases: readonly RunConfig[] = [config],
): Omit<RunHeader, 'h'> {
  const mitigationSources = mitigationSourcesOf(phases.flatMap((c) => c.mitigations));
  const monitorSources = monitorSourcesOf(phases.flatMap((c) => c.monitors.enabled ?? []));
  return {
    type: 'header',
    format: RUN_FORMAT,
    version,
    project: { name: PROJECT.name, version: PROJECT.version },
    runId,
    world: world.world.id,
    seed: config.seed,
    config,
    specHashes: {
      agents: Object.fromEntries(config.agents.map((a) => [a.id, hashOf(a)])),
      worldParams: hashOf(config.worldParams),
      worldSource: world.sourceHash,
      // Only when there are any: the headers of runs without modules stay as they were.
      ...(Object.keys(mitigationSources).length > 0 && { mitigationSources }),
      ...(Object.keys(monitorSources).length > 0 && { monitorSources }),
    },
    parent,
    meta: { createdAt: wallClockIso(), node: process.version, git: gitCommit(), lockfileHash: lockfileHash() },
  };
}

let commit: string | null | undefined;
/** The checkout's commit (read once per process: a sweep writes thousands of headers). */
function gitCommit(): string | null {
  if (commit === undefined) commit = readGitCommit();
  return commit;
}

/** The checkout's commit, read from .git without spawning git; null outside a checkout. */
function readGitCommit(): string | null {
  try {
    const head = readFileSync(join(root, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = join(root, '.git', head.slice(5));
    if (existsSync(ref)) return readFileSync(ref, 'utf8').trim();
    const packed = readFileSync(join(root, '.git', 'packed-refs'), 'utf8');
    return packed.split('\n').find((l) => l.endsWith(` ${head.slice(5)}`))?.split(' ')[0] ?? null;
  } catch {
    return null;
  }
}

let lockHash: string | null | undefined;
function lockfileHash(): string | null {
  if (lockHash === undefined) {
    const file = join(root, 'package-lock.json');
    lockHash = existsSync(file) ? sha256Hex(readFileSync(file, 'utf8')) : null;
  }
  return lockHash;
}
