import { describe, expect, it } from 'vitest';
import { goalNote, neutralText } from '../../src/mitigations/index.ts';
import { syntheticHazards } from '../../src/policies/synthetic/index.ts';
import { interventions, runWith, scripted } from './helpers.ts';

describe('the placebo', () => {
  it('has the schedule, targets and note lengths of the arm it copies, in neutral text', async () => {
    // Scripted agents say the same whatever notes they get, so both arms see the same conversation.
    const agents = await scripted();
    const real = interventions((await runWith({ mitigations: [{ kind: 'goal-reinject', params: { k: 3 } }], agents })).events);
    const fake = interventions((await runWith({ mitigations: [{ kind: 'placebo', params: { like: 'goal-reinject', k: 3 } }], agents })).events);
    expect(fake.length).toBeGreaterThan(3);
    expect(fake.map((n) => [n.tick, n.agent, n.trigger, n.content.length])).toEqual(real.map((n) => [n.tick, n.agent, n.trigger, n.content.length]));
    expect(fake.every((n) => n.mitigation === 'placebo' && n.kind === 'note')).toBe(true);
  });

  it('copies triggered arms too: a role reminder on role-flip flags', async () => {
    const agents = await scripted();
    const { fakeFlag } = await import('./helpers.ts');
    const before = [fakeFlag('role-flip', 'assistant', 4), fakeFlag('role-flip', 'user', 9)];
    const real = interventions((await runWith({ mitigations: [{ kind: 'role-reminder', params: { onFlag: true } }], agents, before })).events);
    const fake = interventions((await runWith({ mitigations: [{ kind: 'placebo', params: { like: 'role-reminder', onFlag: true } }], agents, before })).events);
    expect(fake.map((n) => [n.tick, n.agent, n.content.length])).toEqual(real.map((n) => [n.tick, n.agent, n.content.length]));
  });

  it('holds no goal, no role, no request for a step or summary', async () => {
    const agents = await scripted();
    const { events } = await runWith({ mitigations: [{ kind: 'placebo', params: { like: 'goal-reinject', k: 2 } }], agents });
    expect(interventions(events).length).toBeGreaterThan(0);
    for (const e of events) {
      if (e.type !== 'agent.spawn') continue;
      for (const n of interventions(events)) {
        expect(n.content).not.toContain(e.goal.statement);
        expect(n.content.toLowerCase()).not.toContain(e.role.name.toLowerCase());
        expect(n.content.toLowerCase()).not.toMatch(/you are|next concrete step|progress|summar/);
      }
    }
  });

  it('changes no feature or hazard of the synthetic model where a goal note changes many', async () => {
    const { requests } = await runWith({ mitigations: [], seed: 4 });
    const late = requests.filter((r) => r.agent === 'assistant').at(-1)!.messages;
    const member = { id: 'assistant', role: { name: 'x', description: 'x', duties: ['x'], forbidden: [], acts: ['solve'] }, goal: { statement: '', successCriteria: [] } };
    const goal = late[0]!.content.split('\n').find((l) => l.startsWith('Your goal: '))!.slice('Your goal: '.length);
    const real = goalNote({ ...member, goal: { statement: goal, successCriteria: [] } });
    const withPlacebo = [...late, { role: 'system' as const, name: 'placebo', content: neutralText(real.length) }];
    const withGoal = [...late, { role: 'system' as const, name: 'goal-reinject', content: real }];
    expect(syntheticHazards(withPlacebo)).toEqual(syntheticHazards(late));
    expect(syntheticHazards(withGoal).features.g).toBe(1);
    expect(syntheticHazards(late).features.g).toBeLessThan(1);
  });

  it('writes neutral text of exactly the asked length', () => {
    for (const n of [0, 1, 5, 17, 80, 119, 120, 121, 500, 2048]) expect(neutralText(n)).toHaveLength(n);
    expect(neutralText(60)).toMatch(/^Note: this conversation is archived/);
  });
});
