import { Command } from '@commander-js/extra-typings';
import { resumeRun, type ResumeOptions } from '../../record/resumeRun.ts';
import { runExitCode, runJson, runSummary } from '../runSummary.ts';
import { tuneHeap } from '../tuneHeap.ts';
import { applyModelLimits } from '../runRequest.ts';
import { modelLimitOptions } from '../modelLimitOptions.ts';
import { printResult } from '../reserveStdout.ts';

/**
 * `troupe resume <run.jsonl>`: finish a run that was killed mid-way — replay
 * its intact prefix, drop a half-written last line, append the rest and seal.
 */
export function resumeCommand() {
  const [concurrency, maxRequests, maxTokens] = modelLimitOptions();
  return new Command('resume')
    .description('Finish a run that was killed mid-way: replay its recorded prefix, then continue it in the same file and seal it.')
    .argument('<run>', 'an unsealed run file (runs/<id>.jsonl)')
    .option('--out <dir>', 'resume a copy in this directory instead of the file itself')
    .option('--world <path>', 're-run against this world module instead of the recorded one')
    .option('--json', 'print one JSON object instead of the summary')
    .addOption(concurrency)
    .addOption(maxRequests)
    .addOption(maxTokens)
    .action(async (file, flags) => {
      tuneHeap();
      // A fork or resume onto a live model calls it: the same limits as for a run.
      await applyModelLimits(flags);
      const options: { -readonly [K in keyof ResumeOptions]: ResumeOptions[K] } = {};
      if (flags.out) options.out = flags.out;
      if (flags.world) options.world = flags.world;
      const result = await resumeRun(file, options);
      const note = `  resumed: ${result.recorded} recorded events replayed, ${result.events - result.recorded} appended, sealed\n`;
      printResult(flags.json ? `${JSON.stringify(runJson(result))}\n` : runSummary(result) + note);
      process.exitCode = runExitCode(result);
    });
}
