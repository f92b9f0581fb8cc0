import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { sha256Hex } from './canonical.ts';
import { register as registerCjs } from 'tsx/cjs/api';
import { register as registerEsm, type NamespacedUnregister } from 'tsx/esm/api';
import { UserError } from './errors.ts';

/** Does `ref` name a module file rather than a built-in (a slash, or a .ts/.js name)? */
export function isModulePath(ref: string): boolean {
  return /[\\/]|\.[cm]?[jt]s$/.test(ref);
}

/** `ref` made absolute (from `from`) when it is a module path; a built-in name as it is. Configs record paths so. */
export function absoluteModuleRef(ref: string, from = process.cwd()): string {
  return isModulePath(ref) && !isAbsolute(ref) ? resolve(from, ref) : ref;
}

/**
 * Import a user's TS/JS module (a world, an experiment) from its absolute path. A .ts file outside a
 * `"type": "module"` package is CommonJS to Node and fails on its ESM imports; tsx's own import loads it as a
 * module all the same (in a namespace of its own, so it is the fallback, not the rule: the plain import shares
 * troupe's modules with the user's).
 *
 * Every failure is a UserError. One the module throws while loading (e.g. from `defineExperiment`) is passed to
 * `explain`; it is recognised by name, since a copy of troupe in tsx's namespace has its own UserError class.
 * Any other failure says that the `what` could not be loaded, without the stack.
 *
 * @example const module = await importUserModule('/x/myWorld.ts', 'world module')
 */
export async function importUserModule(
  file: string,
  what: string,
  explain: (message: string) => string = (message) => `The ${what} ${file} could not be loaded: ${message}`,
): Promise<Record<string, unknown>> {
  const fail = (error: unknown) =>
    new UserError(error instanceof Error && error.name === 'UserError' ? explain(error.message) : `The ${what} ${file} could not be loaded: ${firstLines(error)}`);
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    if (!/Cannot require\(\) ES Module/.test((error as Error).message)) throw fail(error);
  }
  try {
    return (await namespaceOf(file).import(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    throw fail(error);
  }
}

const namespaces = new Map<string, NamespacedUnregister>();

/**
 * The tsx namespace that loads `file`'s source as it is now (as `tsImport` does, CommonJS loader included), named
 * by that source's hash. tsx's `tsImport` names a fresh namespace per call, and its disk cache of compiled files
 * keys each file by its URL, namespace included: every process loading a module so (each sweep worker) compiled
 * troupe's ~200 files anew and added them to the cache, which tsx scans at every start — 337,000 files here after a
 * few days, slowing every troupe command. One name per source gives the same keys in every process, so the cache
 * serves them; an edited module gets a new name, so the edit is loaded, not a copy from before it.
 */
function namespaceOf(file: string): NamespacedUnregister {
  const namespace = `troupe-${sha256Hex(readFileSync(file, 'utf8')).slice(0, 16)}`;
  let scoped = namespaces.get(namespace);
  if (!scoped) {
    registerCjs({ namespace });
    scoped = registerEsm({ namespace });
    namespaces.set(namespace, scoped);
  }
  return scoped;
}

/**
 * The one value of `module` that `is` recognises: its default export, else its only such export (null when it has
 * none or several); and how many it has. Loaded as CommonJS (see importUserModule), a module's exports arrive as
 * its default export, so that is searched too.
 *
 * @example const { value: world, found } = soleExport(module, isWorld)
 */
export function soleExport<T>(module: Record<string, unknown>, is: (value: unknown) => value is T): { readonly value: T | null; readonly found: number } {
  const inner = module.default;
  const scopes = [module, ...(typeof inner === 'object' && inner !== null && !is(inner) ? [inner as Record<string, unknown>] : [])];
  const found = [...new Set(scopes.flatMap((scope) => Object.values(scope)).filter(is))];
  const value = scopes.map((scope) => scope.default).find(is) ?? (found.length === 1 ? found[0]! : null);
  return { value, found: found.length };
}

/**
 * A module's default export when it is a plain object (not made by a `define…` function) with one of `keys`, else
 * null: what a user wrote without the wrapper. A .ts module Node reads as CommonJS has it one level further down.
 */
export function plainDefault(module: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> | null {
  const plain = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
  const has = (value: Record<string, unknown>) => keys.some((k) => k in value);
  let value = module.default;
  if (plain(value) && !has(value) && plain(value.default)) value = value.default;
  return plain(value) && has(value) ? value : null;
}

/** An error's message without its stack, a few lines at most (esbuild puts the file:line:column of a syntax error on its second line). */
function firstLines(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').filter((line) => !/^\s+at /.test(line));
  return lines.slice(0, 8).join('\n');
}

/**
 * Load the user's module at `file` (absolute) that exports one value `is` recognises — a mitigation or monitor of
 * their own — with the hash of its source (recorded, so a replay can name changed code). UserErrors name the file:
 * missing, not loadable, or not exporting exactly one (`madeWith` says what, e.g. "monitor made with defineMonitor()").
 *
 * @example const { value, sourceHash } = await loadSoleExport('/x/shout.ts', 'monitor module', isMonitor, 'monitor made with defineMonitor()')
 */
export async function loadSoleExport<T>(file: string, what: string, is: (value: unknown) => value is T, madeWith: string): Promise<{ readonly value: T; readonly sourceHash: string }> {
  if (!existsSync(file)) throw new UserError(`${what[0]!.toUpperCase()}${what.slice(1)} ${file} not found.`);
  const module = await importUserModule(file, what);
  const { value, found } = soleExport(module, is);
  if (!value) throw new UserError(`The ${what} ${file} must export exactly one ${madeWith} (or a default export); found ${found}.`);
  return { value, sourceHash: sha256Hex(readFileSync(file, 'utf8')) };
}
