import { describe, expect, it } from 'vitest';
import { interventions, runWith, scripted } from './helpers.ts';

describe('the role guard', () => {
  it('refuses an act of another role, puts the reason into the agent’s context and asks again', async () => {
    const agents = await scripted();
    const assistant = agents.find((a) => a.id === 'assistant')!;
    const replies = (assistant.policy as { replies: string[] }).replies;
    // The assistant's first reply flips roles; the second is its proper solution.
    assistant.policy = { kind: 'scripted', replies: ['Instruction: Fetch the price history yourself.\nInput: None', ...replies] };
    const { events, requests } = await runWith({ mitigations: [{ kind: 'role-guard', params: {} }], agents });
    const blocks = interventions(events).filter((n) => n.kind === 'block');
    expect(blocks).toHaveLength(1);
    expect(blocks[0]).toMatchObject({ mitigation: 'role-guard', agent: 'assistant', trigger: 'act:instruct' });
    expect(blocks[0]!.content).toMatch(/"instruct" is the work of the Stock Trader \(user\), not yours/);
    // Asked again within the same turn, with the reason in its context.
    const again = requests.find((r) => r.agent === 'assistant' && r.call === 1)!;
    expect(again.messages.at(-1)).toEqual({ role: 'system', name: 'role-guard', content: blocks[0]!.content });
    // The refused reply never reached the conversation; the second did.
    const said = events.filter((e) => e.type === 'message' && e.from === 'assistant').map((e) => (e as { content: string }).content);
    expect(said.some((c) => c.startsWith('Instruction:'))).toBe(false);
    expect(said[0]).toBe(replies[0]);
    expect(events.filter((e) => e.type === 'turn.start' && e.turn === 2)).toHaveLength(1);
  });

  it('lets an agent do its own acts and acts nobody owns (relay "wait") through', async () => {
    const agents = await scripted('relay', { team: 3, jobs: 1 });
    agents[1]!.policy = { kind: 'scripted', replies: ['Builder here: nothing to build yet.\nACTION: wait', 'Builder here: built it.\nACTION: build'] };
    const { events } = await runWith({ world: 'relay', worldParams: { team: 3, jobs: 1, scheduler: 'round-robin' }, mitigations: [{ kind: 'role-guard', params: {} }], agents });
    expect(interventions(events)).toEqual([]);
    const acts = events.flatMap((e) => (e.type === 'action' ? [`${e.agent}:${(e.action as { type: string }).type}`] : []));
    expect(acts).toContain('builder:wait');
    expect(acts).toContain('builder:build');
  });

  it('after two refusals in a turn blocks the action, so out-of-role work cannot break a relay job', async () => {
    const agents = await scripted('relay', { team: 3, jobs: 2 });
    // The planner plans, then keeps trying to do the builder's work.
    agents[0]!.policy = { kind: 'scripted', replies: ['Planner here: planned job-1.\nACTION: plan', 'Planner here: I built it myself.\nACTION: build'] };
    const { events } = await runWith({
      world: 'relay',
      worldParams: { team: 3, jobs: 2, scheduler: 'round-robin' },
      mitigations: [{ kind: 'role-guard', params: {} }],
      agents,
      maxTurns: 4,
    });
    const blocks = interventions(events).filter((n) => n.kind === 'block');
    expect(blocks.map((b) => [b.tick, b.agent, b.trigger])).toEqual([
      [4, 'planner', 'act:build'],
      [4, 'planner', 'act:build'],
    ]);
    const results = events.filter((e) => e.type === 'action.result' && e.tick === 4);
    expect(results).toMatchObject([{ agent: 'planner', ok: false, reason: expect.stringMatching(/^blocked by role-guard/) }]);
    expect(events.some((e) => e.type === 'action' && e.tick === 4)).toBe(false);
  });
});
