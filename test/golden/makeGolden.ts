// Regenerates the golden run files in this folder. Run it only when a change is
// *meant* to alter what runs produce (world code, engine, agent machine, monitors,
// mitigations), after `npx vitest run test/record/goldenRuns.test.ts` showed the
// divergence and you agreed with it:
//
//   node --import tsx test/golden/makeGolden.ts
//
// Each file is a complete run (header, hash-chained events, seal) small enough to
// commit; the suite replays every *.jsonl here and in v1/ strictly. The same four
// runs are written in the current format (here) and in format version 1 (v1/),
// whose files newer code must keep reading, replaying and forking.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUN_FORMAT_VERSION } from '../../src/record/runFile.ts';
import { forkRun } from '../../src/record/forkRun.ts';
import { runWorld } from '../../src/runner/index.ts';
import { scriptedAgents, tempDir } from '../helpers/runs.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

function keep(file: string | null, dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, `${name}.jsonl`);
  renameSync(file!, target);
  process.stdout.write(`wrote ${target}\n`);
  return target;
}

// The scripted agents are built for the parameters the run resolves: one constant feeds both.
const scripted = { seed: 1, worldParams: { scheduler: 'round-robin' } };

const tmp = tempDir('troupe-golden-');
try {
  for (const [format, dir] of [[RUN_FORMAT_VERSION, here], [1, join(here, 'v1')]] as const) {
    const run = async (config: Parameters<typeof runWorld>[0]['config']) => (await runWorld({ config, out: tmp, format })).file;
    keep(await run({ world: 'camel-roleplay', seed: 1, maxTurns: 12 }), dir, 'camel-synthetic');
    const relay = keep(await run({ world: 'relay', seed: 2, maxTurns: 24, worldParams: { jobs: 20 } }), dir, 'relay-synthetic');
    const agents = await scriptedAgents('relay', scripted.worldParams, scripted.seed);
    keep(await run({ world: 'relay', maxTurns: 16, ...scripted, agents }), dir, 'relay-scripted');
    // A fork (it keeps its parent's format): the prefix replayed, then a new seed and a longer cap after turn 10
    // (replay must rebuild both phases).
    keep((await forkRun(relay, { at: 'turn:10', seed: 9, set: { maxTurns: '30' }, out: tmp })).file, dir, 'relay-fork');
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
