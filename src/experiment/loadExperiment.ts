import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { builtInExperiments } from '../../worlds/experiments/index.ts';
import { UserError } from '../core/errors.ts';
import { defineExperiment, isExperiment, type Experiment } from './defineExperiment.ts';

/**
 * An experiment by name (`persistent-goals`) or by path: a JSON file
 * (validated field by field) or a TS/JS module exporting one
 * `defineExperiment(...)` value (default or named).
 *
 * @example const experiment = await loadExperiment('persistent-goals')
 */
export async function loadExperiment(nameOrPath: string): Promise<Experiment> {
  const builtIn = builtInExperiments.find((e) => e.name === nameOrPath);
  if (builtIn) return builtIn;
  const file = resolve(nameOrPath);
  if (!isPathLike(nameOrPath)) {
    throw new UserError(
      `Unknown experiment "${nameOrPath}". Built-in experiments: ${builtInExperiments.map((e) => e.name).join(', ')}; or give a path to an experiment file (.json, or a .ts module made with defineExperiment).`,
    );
  }
  if (!existsSync(file)) throw new UserError(`Experiment file ${file} not found.`);
  const source = { where: `Experiment file ${file}` };
  if (file.endsWith('.json')) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UserError(`${source.where} is not valid JSON: ${(error as Error).message}`);
    }
    return defineExperiment(data as never, source);
  }
  const module = await importModule(file);
  // A .ts file outside a `"type": "module"` package is loaded as CommonJS: its exports arrive as the default export.
  const scopes = [module, ...(isRecord(module.default) && !isExperiment(module.default) ? [module.default] : [])];
  const found = [...new Set(scopes.flatMap((scope) => Object.values(scope)).filter(isExperiment))];
  const experiment = scopes.map((scope) => scope.default).find(isExperiment) ?? (found.length === 1 ? found[0] : undefined);
  if (!experiment) throw new UserError(`The experiment module ${file} must export exactly one defineExperiment(...) value (or a default export); found ${found.length}.`);
  // defineExperiment ran inside the module, not knowing its file: later errors (worlds, agents) name it.
  return { ...experiment, source };
}

/** Does `ref` name a file rather than a built-in (a slash, or a .json/.ts/.js name)? */
export function isPathLike(ref: string): boolean {
  return /[\\/]|\.(json|[cm]?[jt]s)$/.test(ref);
}

/**
 * Import a TS/JS module through tsx's ESM API, so that it loads the same with
 * or without a `"type": "module"` package.json around it (a plain `import()`
 * treats a .ts file outside one as CommonJS and fails on its ESM imports).
 */
async function importModule(file: string): Promise<Record<string, unknown>> {
  try {
    return (await tsImport(file, import.meta.url)) as Record<string, unknown>;
  } catch (error) {
    // The module's own copy of troupe throws its own UserError class: recognise it by name.
    if (error instanceof Error && error.name === 'UserError') {
      const where = `Experiment file ${file}`;
      throw new UserError(error.message.startsWith('The experiment') ? `${where}${error.message.slice('The experiment'.length)}` : `${where}: ${error.message}`);
    }
    throw new UserError(`The experiment module ${file} could not be loaded: ${firstLines(error)}`);
  }
}

/** An error's message without its stack, a few lines at most (esbuild puts the file:line:column of a syntax error on its second line). */
function firstLines(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n').filter((line) => !/^\s+at /.test(line));
  return lines.slice(0, 8).join('\n');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
