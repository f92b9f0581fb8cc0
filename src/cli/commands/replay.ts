import { Command, Option } from '@commander-js/extra-typings';
import { formatReplay, replayRun, type ReplayOptions } from '../../record/replayRun.ts';
import { readAgentsFile } from '../../runner/agentsFile.ts';
import { tuneHeap } from '../tuneHeap.ts';
import { printResult } from '../reserveStdout.ts';

/**
 * `troupe replay <run.jsonl>`: re-execute a recorded run with model replies
 * served from the recording and confirm every event and the hash chain are
 * identical (exit 0), or print the first divergent event, the events before
 * it and the likely cause (exit 1). Never calls a live model.
 */
export function replayCommand() {
  return new Command('replay')
    .description('Re-run a recorded run with model replies served from the recording; confirm it is byte-identical, or show the first divergent event and its likely cause.')
    .argument('<run>', 'a run file (runs/<id>.jsonl)')
    .option('--world <path>', 'replay against this world module instead of the recorded world (a changed copy of it: same world id)')
    .option('--agents <file>', 'replay against these agent specs, e.g. edited role cards: a JSON array of specs or {"agents": [...]}, as run --agents takes')
    .addOption(new Option('--current-agents', 'replay against the world’s current default agents (keeping the recorded policies)').conflicts('agents'))
    .option('--json', 'print the report as one JSON object')
    .action(async (file, flags) => {
      tuneHeap();
      const options: { -readonly [K in keyof ReplayOptions]: ReplayOptions[K] } = {};
      if (flags.world) options.world = flags.world;
      if (flags.agents) options.agents = readAgentsFile(flags.agents);
      else if (flags.currentAgents) options.agents = 'current';
      const report = await replayRun(file, options);
      printResult(flags.json ? `${JSON.stringify(report)}\n` : formatReplay(report));
      if (!report.ok) process.exitCode = 1;
    });
}
