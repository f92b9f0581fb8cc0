import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtInWorldFiles, builtInWorlds } from '../../worlds/index.ts';
import { sha256Hex } from '../core/canonical.ts';
import { UserError } from '../core/errors.ts';
import { importUserModule, isModulePath, plainDefault, soleExport } from '../core/importUserModule.ts';
import { isWorld } from './defineWorld.ts';
import type { WorldDefinition } from './types.ts';
import { checkWorld } from './checkWorld.ts';

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
  if (!isModulePath(nameOrPath)) {
    throw new UserError(
      `Unknown world "${nameOrPath}". Known worlds: ${builtInWorlds.map((w) => w.id).join(', ')}; or give a path to a world module (e.g. ./worlds/myWorld.ts).`,
    );
  }
  if (!existsSync(file)) throw new UserError(`World module ${file} not found.`);
  const module = await importUserModule(file, 'world module');
  const { value: world, found } = soleExport(module, isWorld);
  if (!world) {
    const plain = found === 0 && plainDefault(module, ['agents', 'init', 'scheduler']) !== null;
    throw new UserError(
      `The world module ${file} must export exactly one world made with defineWorld() (or a default export); found ${found}` +
        (plain ? ': its default export is not made with defineWorld() (export default defineWorld({ … })).' : '.'),
    );
  }
  checkWorld(world, file);
  return { world, file, sourceHash: sha256Hex(readFileSync(file, 'utf8')) };
}

/**
 * The world a recorded run names (or `given`, a `--world` the user passed instead): a module that has moved since
 * is reported with the way on.
 */
export async function resolveRecordedWorld(recorded: string, given?: string): Promise<ResolvedWorld> {
  try {
    return await resolveWorld(given ?? recorded);
  } catch (error) {
    if (given !== undefined || !(error instanceof UserError) || !isModulePath(recorded) || existsSync(resolve(recorded))) throw error;
    throw new UserError(`${error.message} The run recorded this world module; if it has moved, give its new path with --world PATH.`);
  }
}

/**
 * Refuse a world that is not the one `path` recorded (`recordedId`): replayed, forked or resumed against another world,
 * a run diverges at once or fails on the recorded parameters — not a "changed world code" story. `verb` says what
 * the user may do instead ("Replay", "Fork", "Resume").
 */
export function checkRecordedWorld(world: ResolvedWorld, recorded: { readonly id: string; readonly ref: string }, path: string, given: string | undefined, verb: string): void {
  if (world.world.id === recorded.id) return;
  const which = given !== undefined ? `--world ${given} is world` : `the recorded world module ${recorded.ref} now defines world`;
  throw new UserError(`${which} "${world.world.id}", but ${path} recorded world "${recorded.id}": not the recorded world. ${verb} against it, or a changed copy of it (same id).`);
}

/**
 * What a run records as its world: the id of a built-in world, or the absolute path of a module (a path as typed
 * would only resolve from the directory the run was started in).
 */
export function worldRefOf(nameOrPath: string): string {
  return builtInWorlds.some((w) => w.id === nameOrPath) ? nameOrPath : resolve(nameOrPath);
}
