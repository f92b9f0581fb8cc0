import { describe, expect, it } from 'vitest';
import { syntheticFeatures } from '../../src/policies/synthetic/index.ts';
import { fakeFlag, interventions, runWith, scripted } from './helpers.ts';

describe('goal re-injection', () => {
  it("puts each agent's own goal statement, verbatim, into its context every k turns", async () => {
    const agents = await scripted();
    const { events } = await runWith({ mitigations: [{ kind: 'goal-reinject', params: { k: 4 } }], agents });
    const notes = interventions(events);
    expect(notes.length).toBeGreaterThan(0);
    expect([...new Set(notes.map((n) => n.tick))]).toEqual([4, 8, 12].filter((t) => t <= events.at(-1)!.tick));
    const goals = new Map(events.flatMap((e) => (e.type === 'agent.spawn' ? [[e.agent, e.goal.statement] as const] : [])));
    for (const n of notes) {
      expect(n).toMatchObject({ mitigation: 'goal-reinject', kind: 'note', trigger: 'every 4 turns' });
      expect(n.content).toContain(goals.get(n.agent!)!);
    }
    // One note per agent per firing.
    expect(notes.filter((n) => n.tick === 4).map((n) => n.agent)).toEqual(['user', 'assistant']);
  });

  it("reaches the policy only as a system entry in its request, which restores the synthetic model's goal salience", async () => {
    const { events, requests } = await runWith({ mitigations: [{ kind: 'goal-reinject', params: { k: 4 } }], seed: 3 });
    // Turn 4 is the assistant's: its note comes right before it decides.
    const note = interventions(events).find((n) => n.agent === 'assistant')!;
    // The first call of that agent after the note (its calls are numbered in order).
    const calls = events.filter((e) => e.type === 'model.request' && e.agent === note.agent && e.seq > note.seq);
    const call = (calls[0] as { call: number }).call;
    const next = requests.find((r) => r.agent === note.agent && r.call === call)!;
    expect(next.messages).toContainEqual({ role: 'system', name: 'goal-reinject', content: note.content });
    expect(syntheticFeatures(next.messages).dGoal).toBe(0);
    expect(syntheticFeatures(next.messages).g).toBe(1);
  });

  it('with onFlag=true notes the flagged agent at the start of the next turn, after the flagged message', async () => {
    const agents = await scripted();
    const { events, requests } = await runWith({
      mitigations: [{ kind: 'goal-reinject', params: { onFlag: true } }],
      agents,
      before: [fakeFlag('drift', 'assistant', 4), fakeFlag('infinite-loop', null, 7), fakeFlag('role-flip', 'user', 9)],
    });
    const notes = interventions(events);
    expect(notes.map((n) => [n.tick, n.agent])).toEqual([
      [5, 'assistant'],
      [8, 'user'],
      [8, 'assistant'],
    ]);
    expect(notes[0]!.trigger).toMatch(/^flag:drift@\d+$/);
    // The note follows the flagged message in the flagged agent's next request.
    const flagged = events.find((e) => e.type === 'message' && e.tick === 4)!;
    // The assistant speaks on even turns: its call at turn 6 is its third (call 2).
    const next = requests.find((r) => r.agent === 'assistant' && r.call === 2)!;
    const at = (content: string) => next.messages.findIndex((m) => m.content === content);
    expect(at(notes[0]!.content)).toBeGreaterThan(at((flagged as { content: string }).content));
  });

  it('leaves policy parameters and settings untouched: only the context differs', async () => {
    const plain = await runWith({ mitigations: [], seed: 5 });
    const noted = await runWith({ mitigations: [{ kind: 'goal-reinject', params: { k: 2 } }], seed: 5 });
    expect(noted.result.config.agents).toEqual(plain.result.config.agents);
    const settings = (r: typeof plain) => r.events.flatMap((e) => (e.type === 'model.request' ? [JSON.stringify(e.settings)] : []));
    expect(new Set(settings(noted))).toEqual(new Set(settings(plain)));
    // Up to the first note, every request is the same; the first that differs differs by the note alone.
    const a = plain.requests;
    const b = noted.requests;
    const first = b.findIndex((q, i) => JSON.stringify(q.messages) !== JSON.stringify(a[i]!.messages));
    expect(first).toBeGreaterThan(0);
    expect(b[first]!.messages.filter((m) => m.name !== 'goal-reinject')).toEqual(a[first]!.messages);
  });
});
