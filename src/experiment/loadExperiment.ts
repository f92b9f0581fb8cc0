import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { builtInExperiments } from '../../worlds/experiments/index.ts';
import { UserError } from '../core/errors.ts';
import { importUserModule, isModulePath, plainDefault, soleExport } from '../core/importUserModule.ts';
import { withAbsoluteModules } from '../mitigations/index.ts';
import { withAbsoluteMonitors } from '../monitors/index.ts';
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
  if (statSync(file).isDirectory()) throw new UserError(`${file} is a folder: give the experiment file in it (.json, or a .ts module made with defineExperiment).`);
  const source = { where: `Experiment file ${file}` };
  const json = file.toLowerCase().endsWith('.json');
  if (!json && !MODULE_EXTENSIONS.test(file)) {
    throw new UserError(`${source.where}: expected a .json file or a .ts/.mts/.js/.mjs module made with defineExperiment, by its extension.`);
  }
  if (json) {
    let data: unknown;
    try {
      // A byte-order mark (some editors write one) is not JSON, nor part of the experiment.
      data = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    } catch (error) {
      throw new UserError(`${source.where} is not valid JSON: ${(error as Error).message}`);
    }
    return pathsFromFile(defineExperiment(data as never, source), file);
  }
  // A UserError from defineExperiment inside the module names "The experiment": name the file instead.
  const lead = 'The experiment';
  const module = await importUserModule(file, 'experiment module', (message) =>
    message.startsWith(lead) ? `${source.where}${message.slice(lead.length)}` : `${source.where}: ${message}`,
  );
  const { value: experiment, found } = soleExport(module, isExperiment);
  // A plain object as the default export is an experiment written without defineExperiment: validated as JSON is.
  const plain = found === 0 ? plainDefault(module, ['worlds', 'arms']) : null;
  if (!experiment && plain) return pathsFromFile(defineExperiment(plain as never, source), file);
  if (!experiment) throw new UserError(`The experiment module ${file} must export exactly one defineExperiment(...) value (or a default export); found ${found}.`);
  // defineExperiment ran inside the module, not knowing its file: later errors (worlds, agents) name it.
  return pathsFromFile({ ...experiment, source }, file);
}

/**
 * The experiment with each relative path in it — world modules, agents files, mitigation and monitor modules — resolved from the experiment file's
 * directory, as paths in any config file are: the experiment then runs the same from whatever directory it is swept
 * from.
 */
function pathsFromFile(experiment: Experiment, file: string): Experiment {
  const from = (path: string) => (isAbsolute(path) ? path : resolve(dirname(file), path));
  const worlds = experiment.worlds.map((entry) => (isModulePath(entry.world) ? { ...entry, world: from(entry.world) } : entry));
  const agents = experiment.agents.map((config) => (config.file === undefined ? config : { ...config, file: from(config.file) }));
  const arms = experiment.arms.map((arm) => ({ ...arm, mitigations: withAbsoluteModules(arm.mitigations, dirname(file)) }));
  const monitors = experiment.monitors && { ...experiment.monitors, enabled: withAbsoluteMonitors(experiment.monitors.enabled, dirname(file)) };
  return { ...experiment, worlds, agents, arms, ...(monitors && { monitors }) };
}

/** The extensions of an experiment module (the ones Node and tsx load as modules). */
const MODULE_EXTENSIONS = /\.(m?[jt]s)$/i;

/** Does `ref` name a file rather than a built-in (a slash, or a .json/.ts/.js name)? */
function isPathLike(ref: string): boolean {
  return isModulePath(ref) || ref.endsWith('.json');
}
