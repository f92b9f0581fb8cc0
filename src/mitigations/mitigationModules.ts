import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MitigationSpec, MitigationSpecInput } from '../core/config.ts';
import { UserError } from '../core/errors.ts';
import { absoluteModuleRef, isModulePath, loadSoleExport } from '../core/importUserModule.ts';
import { guardedMitigation } from './guardedMitigation.ts';
import type { MitigationDefinition } from './types.ts';

/**
 * Mitigations of a researcher's own, named in configs by the path of their module (as worlds are): `--mitigation
 * ./shout.ts:k=2`, an experiment arm `"./shout.ts:k=2"`, `placebo:like=./shout.ts,k=2`. A config records the
 * absolute path, and the run header the hash of the module's source, so a replay, fork or resume loads the same
 * code and names it when it has changed. Modules load asynchronously (`loadMitigations`), before a run builds its
 * plugins; until then, checks that need the definition skip the spec (`isLoaded`) and the loader runs them.
 */

/** A loaded mitigation module: its definition and the hash of its source. */
export interface LoadedMitigation {
  readonly def: MitigationDefinition;
  readonly file: string;
  readonly sourceHash: string;
}

const loaded = new Map<string, LoadedMitigation>();

/** Is `value` a mitigation made by `defineMitigation` (or written to its interface)? */
export function isMitigation(value: unknown): value is MitigationDefinition {
  const v = value as Partial<MitigationDefinition> | null;
  return (
    typeof v === 'object' && v !== null && typeof v.kind === 'string' && typeof v.parse === 'function' && typeof v.create === 'function' && typeof v.notesOnly === 'boolean'
  );
}

/** The module paths `specs` name: kinds that are paths, and a placebo's `like` that is one. */
export function mitigationModulesOf(specs: readonly MitigationSpecInput[]): string[] {
  const files = specs.flatMap((spec) => {
    const like = spec.kind === 'placebo' ? spec.params?.like : undefined;
    return [spec.kind, ...(typeof like === 'string' ? [like] : [])].filter(isModulePath);
  });
  return [...new Set(files)];
}

/** `specs` with every module path in them made absolute, relative ones resolved from `from` (a directory). */
export function withAbsoluteModules(specs: readonly MitigationSpecInput[], from = process.cwd()): MitigationSpec[] {
  const absolute = (ref: string) => absoluteModuleRef(ref, from);
  return specs.map((spec) => {
    const like = spec.kind === 'placebo' ? spec.params?.like : undefined;
    const params = typeof like === 'string' && isModulePath(like) ? { ...spec.params, like: absolute(like) } : (spec.params ?? {});
    return { ...spec, kind: absolute(spec.kind), params };
  });
}

/** Is every module `spec` names loaded (so that its definition and parameters can be checked now)? */
export function isLoaded(spec: MitigationSpecInput): boolean {
  return mitigationModulesOf([spec]).every((file) => loaded.has(resolve(file)));
}

/** The loaded module at `ref` (a path), or undefined. */
export function loadedMitigation(ref: string): LoadedMitigation | undefined {
  return loaded.get(resolve(ref));
}

/**
 * Load every mitigation module `specs` name (once per process). A module must export one mitigation (default or
 * named) whose kind is not a built-in's; a UserError names the file otherwise. `builtIn` tells built-in kinds.
 */
export async function loadMitigationModules(specs: readonly MitigationSpecInput[], builtIn: (kind: string) => boolean): Promise<void> {
  for (const ref of mitigationModulesOf(specs)) {
    const file = resolve(ref);
    if (loaded.has(file)) continue;
    if (/\.c[jt]s$/.test(file) && existsSync(file)) throw new UserError(`The mitigation module ${file} is CommonJS (.cjs/.cts), which cannot import troupe's ES modules: make it .ts, .js, .mts or .mjs.`);
    const { value: def, sourceHash } = await loadSoleExport(file, 'mitigation module', isMitigation, 'mitigation made with defineMitigation()');
    if (!/^[a-z][a-z0-9-]*$/.test(def.kind) || def.kind === 'none') {
      throw new UserError(`The mitigation module ${file} declares kind ${JSON.stringify(def.kind)}: a kind is lower-case letters, digits and -, starting with a letter, and not "none" (its interventions are recorded under it).`);
    }
    if (builtIn(def.kind)) throw new UserError(`The mitigation module ${file} declares kind "${def.kind}", which is a built-in mitigation's: give it a kind of its own (its interventions are recorded under it).`);
    loaded.set(file, { def: guardedMitigation(def, file), file, sourceHash });
  }
}

/** Source hashes of the loaded modules `specs` name, by absolute path (what a run header records). */
export function mitigationSourcesOf(specs: readonly MitigationSpecInput[]): Record<string, string> {
  return Object.fromEntries(mitigationModulesOf(specs).map((ref) => [resolve(ref), loaded.get(resolve(ref))?.sourceHash ?? '']));
}
