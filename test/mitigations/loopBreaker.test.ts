import { describe, expect, it } from 'vitest';
import { syntheticFeatures } from '../../src/policies/synthetic/index.ts';
import { fakeFlag, interventions, runWith, scripted } from './helpers.ts';

describe('the loop breaker', () => {
  it('on a loop flag asks the flagged agent for the next concrete step or a summary of progress', async () => {
    const agents = await scripted();
    const { events } = await runWith({ mitigations: [{ kind: 'loop-breaker', params: {} }], agents, before: [fakeFlag('infinite-loop', 'user', 5)] });
    const notes = interventions(events);
    expect(notes.map((n) => [n.tick, n.agent, n.kind])).toEqual([[6, 'user', 'note']]);
    expect(notes[0]!.content).toMatch(/next concrete step/);
    expect(notes[0]!.content).toMatch(/summary of progress/);
  });

  it('perturbs a running loop of the synthetic model (the loop no longer persists)', async () => {
    // A pleasantry loop in the assistant's context, then the breaker's note.
    const { requests } = await runWith({ mitigations: [], seed: 1, maxTurns: 4 });
    const context = requests.find((r) => r.agent === 'assistant')!.messages;
    const looping = [...context, { role: 'assistant' as const, name: 'assistant', content: 'Thank you so much!' }, { role: 'user' as const, name: 'user', content: "You're welcome, goodbye!" }];
    expect(syntheticFeatures(looping).loop.looping).toBe(true);
    expect(syntheticFeatures(looping).loop.perturbed).toBe(false);
    const { LOOP_BREAKER_NOTE } = await import('../../src/mitigations/index.ts');
    const broken = [...looping, { role: 'system' as const, name: 'loop-breaker', content: LOOP_BREAKER_NOTE }];
    expect(syntheticFeatures(broken).loop.perturbed).toBe(true);
    expect(syntheticFeatures(broken).otherLoop.perturbed).toBe(true);
  });

  it('with action=stop ends the run with reason stopped-by-mitigation, at the flag', async () => {
    const agents = await scripted();
    const { events, result } = await runWith({ mitigations: [{ kind: 'loop-breaker', params: { action: 'stop' } }], agents, before: [fakeFlag('infinite-loop', null, 5)] });
    expect(result.termination.reason).toBe('stopped-by-mitigation');
    expect(result.termination.detail).toMatch(/^loop-breaker: infinite loop/);
    expect(result.turns).toBe(5);
    expect(interventions(events).map((n) => n.kind)).toEqual(['stop']);
  });

  it('with action=stop,stopAfter=2 perturbs twice, then stops at the third loop flag', async () => {
    const agents = await scripted();
    const { events, result } = await runWith({
      mitigations: [{ kind: 'loop-breaker', params: { action: 'stop', stopAfter: 2 } }],
      agents,
      before: [fakeFlag('infinite-loop', 'user', 3), fakeFlag('infinite-loop', 'assistant', 6), fakeFlag('infinite-loop', 'user', 9)],
    });
    expect(interventions(events).map((n) => [n.tick, n.kind])).toEqual([
      [4, 'note'],
      [7, 'note'],
      [9, 'stop'],
    ]);
    expect(result.termination.reason).toBe('stopped-by-mitigation');
  });
});
