// Regenerates the golden run files in this folder. Run it only when a change is
// *meant* to alter what runs produce (world code, engine, agent machine, monitors,
// mitigations), after `npx vitest run test/record/goldenRuns.test.ts` showed the
// divergence and you agreed with it:
//
//   node --import tsx test/golden/makeGolden.ts
//
// Each file is a complete run (header, hash-chained events, seal) small enough to
// commit; the suite replays every *.jsonl here strictly.
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkRun } from '../../src/record/forkRun.ts';
import { runWorld } from '../../src/runner/index.ts';
import { scriptedAgents, tempDir } from '../helpers/runs.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

async function keep(file: string | null, name: string): Promise<string> {
  const target = join(here, `${name}.jsonl`);
  renameSync(file!, target);
  process.stdout.write(`wrote ${target}\n`);
  return target;
}

const tmp = tempDir('troupe-golden-');
try {
  await keep((await runWorld({ config: { world: 'camel-roleplay', seed: 1, maxTurns: 12 }, out: tmp })).file, 'camel-synthetic');
  const relay = await keep((await runWorld({ config: { world: 'relay', seed: 2, maxTurns: 24, worldParams: { jobs: 20 } }, out: tmp })).file, 'relay-synthetic');
  const agents = await scriptedAgents('relay', { scheduler: 'round-robin' }, 1);
  await keep((await runWorld({ config: { world: 'relay', seed: 1, maxTurns: 16, worldParams: { scheduler: 'round-robin' }, agents }, out: tmp })).file, 'relay-scripted');
  // A fork: the prefix replayed, then a new seed and a longer cap after turn 10 (replay must rebuild both phases).
  await keep((await forkRun(relay, { at: 'turn:10', seed: 9, set: { maxTurns: '30' }, out: tmp })).file, 'relay-fork');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
