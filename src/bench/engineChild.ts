// A child process for the engine bench: one long synthetic relay run with
// recording, reporting its own peak RSS (a fresh process, so nothing else
// inflates the figure), with the heap policy the CLI applies unless told
// to keep V8's default. Usage: node --import tsx engineChild.ts <turns> <outDir> [v8-default]
import { tuneHeap } from '../cli/tuneHeap.ts';
import { runWorld } from '../runner/index.ts';

if (process.argv[4] !== 'v8-default') tuneHeap();
const turns = Number(process.argv[2]);
const out = process.argv[3]!;
const result = await runWorld({
  config: { world: 'relay', seed: 1, maxTurns: turns, worldParams: { jobs: 10_000_000, project: 'team chat' }, monitors: { enabled: [] } },
  out,
});
process.stdout.write(`${JSON.stringify({ events: result.events, turns: result.turns, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
