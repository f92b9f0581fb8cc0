import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { builtInWorldFiles, builtInWorlds } from '../../worlds/index.ts';
import { sha256Hex } from '../core/canonical.ts';
import { UserError } from '../core/errors.ts';
import { isWorld } from './defineWorld.ts';
import type { WorldDefinition } from './types.ts';

/** A world ready to run, with the hash of its source (recorded so replay can name changed world code). */
export interface ResolvedWorld {
  readonly world: WorldDefinition;
  /** The world's module file. */
  readonly file: string;
  readonly sourceHash: string;
}

/** The built-in worlds, for `troupe worlds`. */
export function listWorlds(): readonly WorldDefinition[] {
  return builtInWorlds;
}

/**
 * A world by id (`camel-roleplay`, `relay`) or by a path to a module that
 * exports one `defineWorld(...)` value (default or named).
 */
export async function resolveWorld(nameOrPath: string): Promise<ResolvedWorld> {
  const builtIn = builtInWorlds.find((w) => w.id === nameOrPath);
  if (builtIn) {
    const file = builtInWorldFiles[builtIn.id]!;
    return { world: builtIn, file, sourceHash: sha256Hex(readFileSync(file, 'utf8')) };
  }
  const file = resolve(nameOrPath);
  if (!/[\\/]|\.[cm]?[jt]s$/.test(nameOrPath)) {
    throw new UserError(
      `Unknown world "${nameOrPath}". Known worlds: ${builtInWorlds.map((w) => w.id).join(', ')}; or give a path to a world module (e.g. ./worlds/myWorld.ts).`,
    );
  }
  if (!existsSync(file)) {
    throw new UserError(`World module ${file} not found (a run recorded with a module that has moved is replayed, forked or resumed with --world PATH).`);
  }
  const module = await importWorldModule(file);
  // Loaded as CommonJS (see importWorldModule), a module's exports arrive as its default export.
  const scopes = [module, ...(typeof module.default === 'object' && module.default !== null && !isWorld(module.default) ? [module.default as Record<string, unknown>] : [])];
  const worlds = [...new Set(scopes.flatMap((scope) => Object.values(scope)).filter(isWorld))];
  const world = scopes.map((scope) => scope.default).find(isWorld) ?? (worlds.length === 1 ? worlds[0] : undefined);
  if (!world) {
    throw new UserError(
      `The world module ${file} must export exactly one world made with defineWorld() (or a default export); found ${worlds.length}.`,
    );
  }
  return { world, file, sourceHash: sha256Hex(readFileSync(file, 'utf8')) };
}

/**
 * What a run records as its world: the id of a built-in world, or the absolute path of a module (a path as typed
 * would only resolve from the directory the run was started in).
 */
export function worldRefOf(nameOrPath: string): string {
  return builtInWorlds.some((w) => w.id === nameOrPath) ? nameOrPath : resolve(nameOrPath);
}

/**
 * Import a world module. A .ts file outside a `"type": "module"` package is CommonJS to Node and fails on its
 * ESM imports; tsx's own import loads it as a module all the same (in a namespace of its own, so it is the
 * fallback, not the rule: the plain import shares troupe's modules with the world).
 */
async function importWorldModule(file: string): Promise<Record<string, unknown>> {
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    if (!/Cannot require\(\) ES Module/.test((error as Error).message)) throw cannotLoad(file, error);
  }
  try {
    return (await tsImport(file, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    throw cannotLoad(file, error);
  }
}

/** A module that fails to load: its message without the stack (esbuild's syntax errors put file:line:column on line 2). */
function cannotLoad(file: string, error: unknown): UserError {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').filter((line) => !/^\s+at /.test(line));
  return new UserError(`The world module ${file} could not be loaded: ${lines.slice(0, 8).join('\n')}`);
}
