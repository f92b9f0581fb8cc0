import { Command, Option } from '@commander-js/extra-typings';
import { describeChange, FORK_SET_KEYS } from '../../record/forkChange.ts';
import { forkRun, type ForkOptions } from '../../record/forkRun.ts';
import { collectKeyValue, seedOption } from '../parseOptions.ts';
import { runExitCode, runJson, runSummary } from '../runSummary.ts';
import { tuneHeap } from '../tuneHeap.ts';
import { applyModelLimits } from '../runRequest.ts';
import { modelLimitOptions } from '../modelLimitOptions.ts';
import { printResult } from '../reserveStdout.ts';

/**
 * `troupe fork <run.jsonl> --at <seq|turn:N>`: replay the run's prefix
 * exactly, then continue live from the fork point with a changed config; the
 * child run file records its parent, the parent's hash there and the change.
 */
export function forkCommand() {
  const [concurrency, maxRequests, maxTokens] = modelLimitOptions();
  return new Command('fork')
    .description('Replay a run up to a fork point, then continue live with a changed configuration (policy, seed, caps, monitors, mitigations); the new run records its parent.')
    .argument('<run>', 'the parent run file (runs/<id>.jsonl)')
    .requiredOption('--at <seq|turn:N|end>', 'fork point: the seq of the last parent event kept, turn:N (turn N is the first under the new config), or end (before the run ended: extend it)')
    .addOption(new Option('--policy <kind>', 'policy for every agent after the fork point (default: the recorded ones)').choices(['synthetic', 'scripted', 'openai'] as const))
    .option('--seed <n>', 'seed of the remaining RNG streams after the fork point (0 to 4294967295)', seedOption())
    .option('--set <key=value>', `another change, repeatable; keys: ${Object.keys(FORK_SET_KEYS).join(', ')}`, collectKeyValue)
    .option('--world <path>', 're-run against this world module instead of the recorded one')
    .option('--out <dir>', 'directory for the new run file', 'runs')
    .addOption(concurrency)
    .addOption(maxRequests)
    .addOption(maxTokens)
    .option('--json', 'print one JSON object instead of the summary')
    .action(async (file, flags) => {
      tuneHeap();
      // A fork or resume onto a live model calls it: the same limits as for a run.
      await applyModelLimits(flags);
      const options: { -readonly [K in keyof ForkOptions]: ForkOptions[K] } = { at: flags.at, out: flags.out };
      if (flags.policy) options.policy = flags.policy;
      if (flags.seed !== undefined) options.seed = flags.seed;
      if (flags.set) options.set = flags.set;
      if (flags.world) options.world = flags.world;
      const result = await forkRun(file, options);
      const note = `  forked from ${result.parent.runId} after seq ${result.parent.at}: ${describeChange(result.parent.change)}\n`;
      // `seed` is the seed the run started with (its header's); the change says what the fork set.
      const json = { ...runJson(result), parent: { runId: result.parent.runId, at: result.parent.at, change: result.parent.change } };
      printResult(flags.json ? `${JSON.stringify(json)}\n` : runSummary(result) + note);
      process.exitCode = runExitCode(result);
    });
}
