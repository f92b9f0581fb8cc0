import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
  if (!/[\\/]|\.[cm]?[jt]s$/.test(nameOrPath) || !existsSync(file)) {
    throw new UserError(
      `Unknown world "${nameOrPath}". Known worlds: ${builtInWorlds.map((w) => w.id).join(', ')}; or give a path to a world module (e.g. ./worlds/myWorld.ts).`,
    );
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new UserError(`The world module ${file} could not be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
  const worlds = Object.values(module).filter(isWorld);
  const world = isWorld(module.default) ? module.default : worlds.length === 1 ? worlds[0] : undefined;
  if (!world) {
    throw new UserError(
      `The world module ${file} must export exactly one world made with defineWorld() (or a default export); found ${worlds.length}.`,
    );
  }
  return { world, file, sourceHash: sha256Hex(readFileSync(file, 'utf8')) };
}
