import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
  if (!/[\\/]|\.(json|[cm]?[jt]s)$/.test(nameOrPath) || !existsSync(file)) {
    throw new UserError(
      `Unknown experiment "${nameOrPath}". Built-in experiments: ${builtInExperiments.map((e) => e.name).join(', ')}; or give a path to an experiment file (.json, or a .ts module made with defineExperiment).`,
    );
  }
  if (file.endsWith('.json')) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new UserError(`Experiment file ${file} is not valid JSON: ${(error as Error).message}`);
    }
    return defineExperiment(data as never, `Experiment file ${file}`);
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`The experiment module ${file} could not be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
  const found = Object.values(module).filter(isExperiment);
  const experiment = isExperiment(module.default) ? module.default : found.length === 1 ? found[0] : undefined;
  if (!experiment) throw new UserError(`The experiment module ${file} must export exactly one defineExperiment(...) value (or a default export); found ${found.length}.`);
  return experiment;
}
