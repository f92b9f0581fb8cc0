import { Command, Option } from '@commander-js/extra-typings';
import { loadMitigations } from '../../mitigations/index.ts';
import { DEFAULT_MONITORS } from '../../monitors/index.ts';
import { join } from 'node:path';
import { keepOlderCodeRun } from '../../record/keepOlderCodeRun.ts';
import { resolveRunConfig, runIdOf, runWorld, type RunResult } from '../../runner/index.ts';
import { resolveWorld, worldRefOf } from '../../world/index.ts';
import { collectKeyValue, collectList, intOption, numberOption, seedOption } from '../parseOptions.ts';
import { applyModelLimits, runRequestFromFlags } from '../runRequest.ts';
import { modelLimitOptions } from '../modelLimitOptions.ts';
import { runExitCode, runSummary, runJson } from '../runSummary.ts';
import { tuneHeap } from '../tuneHeap.ts';
import { DEFAULT_WINDOW } from '../../core/config.ts';
import { printResult } from '../reserveStdout.ts';

/** Options every command that produces a run takes. */
export function addRunOptions<A extends unknown[]>(command: Command<A>) {
  const [concurrency, maxRequests, maxTokens] = modelLimitOptions();
  return command
    .option('--seed <n>', 'run seed, an integer from 0 to 4294967295', seedOption(), 1)
    .addOption(new Option('--policy <kind>', 'policy for every agent (default: each agent\'s own; synthetic for the built-in agents)').choices(['synthetic', 'scripted', 'openai'] as const))
    .option('--max-turns <n>', 'turn cap (default: the world’s)', intOption('--max-turns', 1))
    .option('--max-messages <n>', 'message cap (a world’s own cap still applies: camel-roleplay ends at 40 messages)', intOption('--max-messages', 1))
    .option('--window <n>', `conversation entries shown to each policy call (default ${DEFAULT_WINDOW}; role card and goal are always restated)`, intOption('--window', 1))
    .option('--param <key=value>', 'world parameter, repeatable (e.g. --param task=lesson-plan)', collectKeyValue)
    .option('--synthetic <[agent.]key=value>', 'synthetic-policy parameter for all agents or one, repeatable (e.g. --synthetic assistant.flipBase=0.2)', collectKeyValue)
    .option('--agents <file>', 'JSON file of agent specs replacing the world’s agents')
    .option('--monitors <names>', 'comma-separated monitors to run online (names, or paths of monitor modules of your own: ./shout.ts), "all" (the default) or "none"')
    .option('--mitigation <arm>', 'mitigation, repeatable: e.g. goal-reinject:k=4, role-reminder:every=3+onFlag=true, loop-breaker, placebo, role-guard, or a module of your own: ./shout.ts:k=2', collectList)
    .option('--model <name>', 'openai policy: model (default $TROUPE_MODEL)')
    .option('--base-url <url>', 'openai policy: server base URL (default $OPENAI_BASE_URL)')
    .option('--api-key-env <var>', 'openai policy: environment variable holding the API key (default OPENAI_API_KEY)')
    .option('--temperature <t>', 'openai policy: sampling temperature', numberOption('--temperature'))
    .addOption(concurrency)
    .addOption(maxRequests)
    .addOption(maxTokens)
    .option('--out <dir>', 'directory for run files', 'runs')
    .option('--json', 'print one JSON object instead of the summary');
}

/** `troupe run <world>`: run a world once, record it, print a summary (or JSON). */
export function runCommand() {
  return addRunOptions(
    new Command('run')
      .description('Run a world once and record it under runs/ (or --out).')
      .argument('<world>', 'world id (see `troupe worlds`) or path to a world module'),
  ).action(async (worldRef, flags) => {
    tuneHeap();
    const world = await resolveWorld(worldRef);
    await applyModelLimits(flags);
    const request = runRequestFromFlags(worldRefOf(worldRef), world.world, flags);
    // Mitigation modules of your own load now, and are checked as the built-in ones were while reading the flags.
    if (request.mitigations) request.mitigations = await loadMitigations(request.mitigations, { monitors: request.monitors?.enabled ?? DEFAULT_MONITORS });
    // A run's file is named after its config: one recorded with other code of its modules is kept, not recorded over.
    const config = resolveRunConfig(request, world.world);
    const kept = await keepOlderCodeRun(join(flags.out, `${runIdOf(config)}.jsonl`), world, config);
    if (kept) process.stderr.write(`troupe: note: this config's run was recorded before with other code of ${kept.changed.join('; ')}; that recording is kept as ${kept.file}.\n`);
    const result: RunResult = await runWorld({ config, out: flags.out, world });
    printResult(flags.json ? `${JSON.stringify(runJson(result))}\n` : runSummary(result));
    process.exitCode = runExitCode(result);
  });
}
