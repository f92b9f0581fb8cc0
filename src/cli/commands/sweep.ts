import { availableParallelism } from 'node:os';
import { recordedEnd } from '../../record/runTail.ts';
import { Command, InvalidArgumentError, Option } from '@commander-js/extra-typings';
import { printResult } from '../reserveStdout.ts';
import { UserError } from '../../core/errors.ts';
import { SeedsSchema, adHocExperiment, defineExperiment, loadExperiment, sweepExperiment, type Experiment } from '../../experiment/index.ts';
import { parseArms } from '../../mitigations/index.ts';
import { sweepTable } from '../../report/index.ts';
import { applyModelLimits } from '../runRequest.ts';
import { agentKey, collectKeyValue, intOption, kebab, monitorList, numberOption, scalar, syntheticNumbers } from '../parseOptions.ts';
import { sweepJudgeFromFlags } from '../sweepJudgeFromFlags.ts';
import { DEFAULT_WINDOW } from '../../core/config.ts';

/** The ad-hoc sweep's flags, and where an experiment file says the same. */
const IN_THE_EXPERIMENT = {
  world: '"worlds": [{ "world": … }]',
  arms: '"arms"',
  param: 'a world\'s "instances": [{ key: value }]',
  synthetic: 'an agent configuration\'s "synthetic" (and "perAgent")',
  agents: 'an agent configuration\'s "file"',
  maxTurns: 'a world\'s "maxTurns"',
  maxMessages: 'a world\'s "maxMessages"',
  window: 'an agent configuration\'s "window"',
  monitors: '"monitors": { "enabled": [...] }',
} as const;

/** `troupe sweep`: run an experiment (or an ad-hoc one from flags) and report its statistics. */
export function sweepCommand() {
  return new Command('sweep')
    .description(
      'Run an experiment — worlds × agent configs × mitigation arms × seeds, every arm on the same seeds — in parallel and resumably, then report each arm with 95% CIs and each arm against the baseline (paired difference, sign-flip p, Holm). Writes summary.json and results.csv into <out>/<experiment>/.',
    )
    .argument('[experiment]', 'experiment name (e.g. persistent-goals) or path to an experiment file (.json, or .ts made with defineExperiment)')
    .option('--world <world>', 'ad-hoc sweep of one world (id or path) instead of an experiment')
    .option('--arms <list>', 'ad-hoc: comma-separated arms, e.g. none,goal-reinject:k=4,placebo (default: none); mitigations in an arm join with +; a mitigation module of your own by path: ./shout.ts:k=2')
    .option('--seeds <seeds>', 'seeds: a range 1..200, a list 1,5,9 or one seed 7; distinct, 0 to 2^32-1, at most 1,000,000 (ad-hoc default 1..100; with an experiment, replaces its seeds)', seedsOption)
    .option('--baseline <arm>', 'the arm the others are compared with (default: the first)')
    .option('--param <key=value>', 'ad-hoc: world parameter, repeatable (e.g. --param task=lesson-plan)', collectKeyValue)
    .option('--synthetic <[agent.]key=value>', 'ad-hoc: synthetic-policy parameter for all agents or one, repeatable', collectKeyValue)
    .option('--agents <file>', "ad-hoc: agents file (JSON agent specs, as troupe run takes): role cards, goals and policies for the world's agent ids")
    .option('--max-turns <n>', 'ad-hoc: turn cap', intOption('--max-turns', 1))
    .option('--max-messages <n>', 'ad-hoc: message cap', intOption('--max-messages', 1))
    .option('--window <n>', `ad-hoc: conversation entries shown to each policy call (default ${DEFAULT_WINDOW})`, intOption('--window', 1))
    .option('--monitors <names>', 'ad-hoc: comma-separated monitors to run online (names, or paths of monitor modules: ./shout.ts), "all" (the default) or "none"')
    .option('--out <dir>', 'directory that holds the sweep directory', 'runs')
    .option('--workers <n>', 'worker processes (default: the number of CPUs; 0 = run on the main thread); runs of a live model (openai policy) run on the main thread, --concurrency at a time, beside the others', intOption('--workers', 0))
    .option('--concurrency <n>', 'openai policy: model calls in flight at once, and runs of a live model in flight (default 8 runs, 32 calls)', intOption('--concurrency', 1))
    .option('--max-requests <n>', 'openai policy: request budget for the sweep (every attempt counts); when spent, live runs stop unsealed at their next call and no more start (run the sweep again to finish them)', intOption('--max-requests', 1))
    .option('--max-tokens <n>', 'openai policy: token budget for the sweep (as the server reports usage, so calls already in flight can pass it); when spent, live runs stop as for --max-requests', intOption('--max-tokens', 1))
    .option('--judge-model <name>', 'also judge every run with this LLM (as troupe judge does; verdicts kept beside each run and reused): its flags are reported per arm as flags/100t judge.role-flip … judge.drift (an experiment\'s "judge" sets these too; flags override it)')
    .option('--judge-base-url <url>', 'the judge\'s server (default $OPENAI_BASE_URL)')
    .option('--judge-api-key-env <var>', 'environment variable holding the judge\'s API key (default OPENAI_API_KEY)')
    .option('--judge-temperature <t>', 'the judge\'s sampling temperature (default 0)', numberOption('--judge-temperature'))
    .option('--judge-history <n>', 'messages before the judged one shown to the judge (default 8)', intOption('--judge-history', 0, 200))
    .addOption(new Option('--judge-output <mode>', 'how the verdict is asked for: json_schema (default) or prompt').choices(['json_schema', 'prompt'] as const))
    .option('--json', 'print the summary as one JSON object instead of the table')
    .option('--rerun-errors', 'run again the recorded runs that ended in error or out of budget (e.g. a model server was down); the old files are kept as <id>.jsonl.errored')
    .option('--no-progress', 'print no progress on stderr')
    .action(async (ref, flags) => {
      let experiment: Experiment;
      if (ref !== undefined) {
        const given = (Object.keys(IN_THE_EXPERIMENT) as (keyof typeof IN_THE_EXPERIMENT)[]).filter((k) => flags[k] !== undefined);
        if (given.length) {
          const flagList = `--${given.map(kebab).join(', --')} only ${given.length === 1 ? 'applies' : 'apply'}`;
          const fields = given.map((k) => `--${kebab(k)} as ${IN_THE_EXPERIMENT[k]}`).join('; ');
          throw new UserError(`troupe sweep ${ref}: ${flagList} to an ad-hoc sweep (--world …). In an experiment file, give ${fields} (src/experiment/README.md shows the format).`);
        }
        experiment = await loadExperiment(ref);
        if (flags.seeds !== undefined || flags.baseline !== undefined) {
          const { kind: _kind, source, ...rest } = experiment;
          experiment = defineExperiment({ ...rest, arms: [...rest.arms], seeds: flags.seeds ?? rest.seeds, baseline: flags.baseline ?? rest.baseline }, source);
        }
      } else {
        if (flags.world === undefined) throw new UserError('troupe sweep: name an experiment (e.g. `troupe sweep persistent-goals`) or give --world for an ad-hoc sweep.');
        const { synthetic, perAgent } = syntheticFlags(flags.synthetic ?? {});
        const monitors = flags.monitors === undefined ? null : monitorList(flags.monitors);
        experiment = adHocExperiment({
          world: flags.world,
          arms: parseArms(flags.arms ?? 'none'),
          seeds: flags.seeds ?? '1..100',
          params: Object.fromEntries(Object.entries(flags.param ?? {}).map(([k, v]) => [k, scalar(v)])),
          synthetic,
          perAgent,
          ...(flags.agents !== undefined ? { agents: flags.agents } : {}),
          ...(flags.window !== undefined ? { window: flags.window } : {}),
          ...(flags.maxTurns !== undefined ? { maxTurns: flags.maxTurns } : {}),
          ...(flags.maxMessages !== undefined ? { maxMessages: flags.maxMessages } : {}),
          ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}),
          ...(monitors ? { monitors } : {}),
        });
      }
      await applyModelLimits(flags);
      const judge = await sweepJudgeFromFlags(experiment, flags);
      const result = await sweepExperiment(experiment, {
        judge,
        out: flags.out,
        workers: flags.workers ?? availableParallelism(),
        progress: flags.progress ? process.stderr : null,
        rerunErrors: flags.rerunErrors === true,
        ...(flags.concurrency !== undefined && { liveRunsInFlight: flags.concurrency }),
      });
      if (result.replaced !== null) {
        // The run files of the bigger sweep are all kept; only its summary is gone, and running it again restores it.
        process.stderr.write(`troupe: note: ${result.files.summary} and results.csv described a ${result.replaced}-run sweep; they now describe this ${result.summary.runs.planned}-run one (every run file is kept).\n`);
      }
      if (flags.json) printResult(`${JSON.stringify(result.summary)}\n`);
      else printResult(`${sweepTable(result.summary)}summary: ${result.files.summary}\nresults: ${result.files.csv}\n`);
      // Runs that ended in error count as failed runs in every figure: say so, and fail, as `troupe run` does.
      const errored = [...new Map(result.outcome.records.filter((r) => r.termination === 'error' || r.termination === 'budget').map((r) => [r.runId, r])).values()];
      if (errored.length > 0) {
        const unique = new Set(result.outcome.records.map((r) => r.runId)).size;
        const example = errored[0]!.file;
        process.stderr.write(
          `troupe: ${errored.length} of the ${unique} runs ended in error or out of budget, e.g. ${example}: ${(recordedEnd(example)?.detail ?? 'no detail recorded').replace(/\.$/, '')}. ` +
            'The figures count them as failed runs. Once the cause is fixed, run the sweep again with --rerun-errors.\n',
        );
        process.exitCode = 1;
      }
    });
}

/** `--seeds 1..200`, `--seeds 1,5,9` or `--seeds 7`, checked as the experiment schema checks seeds, so an error names the flag. */
export function seedsOption(value: string): number[] {
  const result = SeedsSchema.safeParse(value);
  if (!result.success) throw new InvalidArgumentError(`--seeds: ${result.error.issues[0]!.message}.`);
  return result.data;
}

/** `--synthetic key=v` (every agent) and `--synthetic agent.key=v` (one agent), as numbers. */
function syntheticFlags(flags: Record<string, string>): { synthetic: Record<string, number>; perAgent: Record<string, Record<string, number>> } {
  const synthetic: Record<string, number> = {};
  const perAgent: Record<string, Record<string, number>> = {};
  for (const [key, n] of Object.entries(syntheticNumbers(flags))) {
    const { agent, name } = agentKey(key);
    if (agent !== null) (perAgent[agent] ??= {})[name] = n;
    else synthetic[name] = n;
  }
  return { synthetic, perAgent };
}
