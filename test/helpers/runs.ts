import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '../../src/core/events.ts';
import { policySpecFor, resolveWorldParams, runWorld, type RunOptions, type RunResult } from '../../src/runner/index.ts';
import { resolveWorld } from '../../src/world/index.ts';
import type { AgentSpecInput } from '../../src/core/specs.ts';

/** A fresh temporary directory for run files. */
export function tempDir(prefix = 'troupe-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * A researcher's folder outside troupe: its dependencies linked in, no package.json (a .ts file there is CommonJS to
 * Node), for modules of their own (worlds, mitigations, monitors).
 */
export function researcherDir(): string {
  const dir = tempDir();
  symlinkSync(join(import.meta.dirname, '..', '..', 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Run and collect every event in memory. */
export async function runCollect(options: RunOptions): Promise<{ result: RunResult; events: RunEvent[] }> {
  const events: RunEvent[] = [];
  const result = await runWorld({ ...options, onEvent: (e) => events.push(e) });
  return { result, events };
}

/**
 * The world's default agents with the world's clean scripted replies, for the
 * parameters a run with `seed` resolves (e.g. the relay project it draws), as
 * `troupe run --policy scripted` builds them.
 */
export async function scriptedAgents(world: string, params: Record<string, unknown>, seed: number): Promise<AgentSpecInput[]> {
  const { world: w } = await resolveWorld(world);
  const resolved = resolveWorldParams(w, params, seed, 'test world parameters');
  return w.agents(resolved).map((a) => ({ ...a, policy: policySpecFor('scripted', a.id, w, resolved) }));
}
