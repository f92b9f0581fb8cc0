import { describe, expect, it } from 'vitest';
import { syntheticFeatures } from '../../src/policies/synthetic/index.ts';
import { fakeFlag, interventions, runWith, scripted } from './helpers.ts';

describe('the role reminder', () => {
  it('says, CAMEL-style, "You are <id>, the <Role>. Never flip roles!" to every agent every n turns', async () => {
    const agents = await scripted();
    const { events } = await runWith({ mitigations: [{ kind: 'role-reminder', params: { every: 3 } }], agents });
    const notes = interventions(events);
    expect([...new Set(notes.map((n) => n.tick))]).toEqual([3, 6, 9, 12]);
    const roles = new Map(events.flatMap((e) => (e.type === 'agent.spawn' ? [[e.agent, e.role.name] as const] : [])));
    for (const n of notes) {
      expect(n.mitigation).toBe('role-reminder');
      expect(n.content.startsWith(`You are ${n.agent}, the ${roles.get(n.agent!)}. Never flip roles!`)).toBe(true);
    }
  });

  it("re-anchors the synthetic model's role: right after the note its role distance is 0", async () => {
    const { events, requests } = await runWith({ mitigations: [{ kind: 'role-reminder', params: { every: 4 } }], seed: 2 });
    const note = interventions(events).find((n) => n.agent === 'assistant')!;
    const next = requests.find((r) => r.agent === 'assistant' && r.messages.some((m) => m.content === note.content))!;
    expect(next.messages.at(-1)).toEqual({ role: 'system', name: 'role-reminder', content: note.content });
    expect(syntheticFeatures(next.messages).dRole).toBe(0);
  });

  it('with onFlag=true reminds only the agent a role-flip flag names, at the next turn', async () => {
    const agents = await scripted();
    const { events } = await runWith({
      mitigations: [{ kind: 'role-reminder', params: { onFlag: true } }],
      agents,
      before: [fakeFlag('role-flip', 'assistant', 6), fakeFlag('drift', 'user', 7)],
    });
    expect(interventions(events).map((n) => [n.tick, n.agent, n.trigger.replace(/@\d+$/, '')])).toEqual([[7, 'assistant', 'flag:role-flip']]);
  });
});
