import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenCopy, internalError, troupeHere } from './inProcessCli.ts';

const recordedAgents = (file: string) => (JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as { config: { agents: unknown[] } }).config.agents;

describe('replay --agents', () => {
  it('explains a JSON object that holds no "agents" list in words, not "expected array, received undefined"', async () => {
    const run = goldenCopy();
    const agents = join(run, '..', 'agents.json');
    writeFileSync(agents, '{"x":1}');
    const r = await troupeHere('replay', run, '--agents', agents);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`troupe: Agents file ${agents} holds an object with keys "x" and no "agents" list: expected a JSON array of agent specs, or an object {"agents": [...]} holding one.\n`);
    expect(r.err).not.toMatch(internalError);
  });

  it('takes the shapes run --agents takes: an array, or {"agents": [...]}', async () => {
    const run = goldenCopy();
    const agents = join(run, '..', 'agents.json');
    for (const shape of [recordedAgents(run), { agents: recordedAgents(run) }]) {
      writeFileSync(agents, JSON.stringify(shape));
      const r = await troupeHere('replay', run, '--agents', agents);
      expect(r.out).toContain('replays identically');
    }
  });
});
