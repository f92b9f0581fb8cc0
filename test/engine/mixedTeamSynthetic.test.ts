import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

type Header = { config: { agents: { id: string; policy: { kind: string; params?: Record<string, number> } }[] } };

/** camel-roleplay's agents from `troupe worlds`, the assistant scripted, in an agents file; returns its path. */
async function mixedTeam(dir: string): Promise<string> {
  const described = await troupe('worlds', 'camel-roleplay', '--json');
  const ids = (JSON.parse(described.stdout) as { agents: { id: string; acts: string[] }[] }).agents;
  const card = ({ id, acts }: { id: string; acts: string[] }) => ({ id, role: { name: id, description: 'd', duties: ['x'], forbidden: [], acts }, goal: { statement: 'Plan a lesson.', successCriteria: ['a plan'] } });
  const file = join(dir, 'agents.json');
  writeFileSync(file, JSON.stringify(ids.map((a) => (a.id === 'assistant' ? { ...card(a), policy: { kind: 'scripted', replies: ['Solution: done.\nNext request.'] } } : card(a)))));
  return file;
}

const headerOf = (dir: string) => JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.jsonl'))!), 'utf8').split('\n')[0]!) as Header;

describe('synthetic parameters in a team that mixes policies', () => {
  it('go to the synthetic agents (all of them, or the one named); naming another agent is refused', async () => {
    const dir = tempDir();
    const file = await mixedTeam(dir);
    const all = await troupe('run', 'camel-roleplay', '--agents', file, '--synthetic', 'flipBase=0.1', '--max-turns', '2', '--out', join(dir, 'a'));
    expect(all.code, all.stderr).toBe(0);
    expect(headerOf(join(dir, 'a')).config.agents.map((a) => [a.id, a.policy.kind, a.policy.params?.flipBase])).toEqual([['user', 'synthetic', 0.1], ['assistant', 'scripted', undefined]]);
    const one = await troupe('run', 'camel-roleplay', '--agents', file, '--synthetic', 'user.flipBase=0.2', '--max-turns', '2', '--out', join(dir, 'b'));
    expect(one.code, one.stderr).toBe(0);
    const wrong = await troupe('run', 'camel-roleplay', '--agents', file, '--synthetic', 'assistant.flipBase=0.2', '--out', join(dir, 'c'));
    expect([wrong.code, wrong.stderr]).toEqual([1, 'troupe: --synthetic assistant.flipBase: "assistant" uses the scripted policy, not the synthetic one.\n']);
    const sweep = await troupe('sweep', '--world', 'camel-roleplay', '--agents', file, '--synthetic', 'user.flipBase=0.2', '--seeds', '1', '--max-turns', '2', '--out', join(dir, 's'), '--workers', '0', '--no-progress');
    expect(sweep.code, sweep.stderr).toBe(0);
    const sweepWrong = await troupe('sweep', '--world', 'camel-roleplay', '--agents', file, '--synthetic', 'assistant.flipBase=0.2', '--seeds', '1', '--out', join(dir, 's'), '--workers', '0');
    expect([sweepWrong.code, sweepWrong.stderr]).toEqual([1, 'troupe: --synthetic assistant.…: agent "assistant" uses the scripted policy, so synthetic parameters cannot apply to it.\n']);
  });
});
