import { describe, expect, it } from 'vitest';
import { readRun, recordedSources } from '../../src/record/readRun.ts';
import { runWorld } from '../../src/runner/index.ts';
import { resolveWorld } from '../../src/world/index.ts';
import { tempDir } from '../helpers/runs.ts';

describe('the world source hash a run recorded', () => {
  it('is read from the header line without parsing it, however long the header', async () => {
    const out = tempDir();
    const relay = await resolveWorld('relay');
    const short = await runWorld({ config: { world: 'relay', seed: 1, maxTurns: 3 }, out });
    // Role cards long enough to push the header past the 64 KB read first.
    const agents = relay.world.agents({ team: 4, jobs: 3, project: 'team chat', scheduler: 'moderator', testFailRate: 0.15 }).map((a) => ({ ...a, role: { ...a.role, description: 'x'.repeat(20000) } }));
    const long = await runWorld({ config: { world: 'relay', seed: 1, maxTurns: 3, worldParams: { project: 'team chat' }, agents }, out });
    for (const run of [short, long]) for (const parse of [false, true]) expect(recordedSources(run.file!, parse)).toEqual({ world: relay.sourceHash, mitigations: {}, monitors: {} });
    expect(readRun(long.file!).header.config.agents[0]!.role.description).toHaveLength(20000);
  });
});
