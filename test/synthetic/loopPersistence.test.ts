import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/chat.ts';
import { SYNTHETIC_DEFAULTS, syntheticHazards, syntheticReply } from '../../src/policies/synthetic/index.ts';
import { camelTasks } from '../../agents/camelTasks.ts';
import { entry, goalNote, lateContext, loopBreaker, placebo, TRADING } from './contexts.ts';
import { simulateCamel } from './simulate.ts';

// The user said "thank you", the assistant answered in kind: the user is now in a pleasantry loop.
const inLoop: ChatMessage[] = [
  ...lateContext(TRADING, 'user', 20),
  entry('user', 'user', 'Thank you, that is very helpful!'),
  entry('user', 'assistant', "Solution: You're welcome! Glad the trading part works for you.\nNext request."),
];

function loopRate(context: readonly ChatMessage[]): number {
  let loops = 0;
  for (let seed = 0; seed < 1000; seed++) if (syntheticReply(context, SYNTHETIC_DEFAULTS, seed, 'user', 14).truth[0]?.kind === 'loop') loops++;
  return loops / 1000;
}

describe('loops', () => {
  it('are read back from the context: a pleasantry as the last own message means "in a loop"', () => {
    const { features } = syntheticHazards(inLoop);
    expect(features.loop).toMatchObject({ looping: true, style: 'pleasantry', perturbed: false });
    expect(features.otherLoop).toMatchObject({ looping: true, style: 'pleasantry' });
  });

  it('persist at about the persistence rate while nothing perturbs them', () => {
    const rate = loopRate(inLoop);
    expect(rate).toBeGreaterThan(SYNTHETIC_DEFAULTS.loopPersist - 0.05);
    expect(rate).toBeLessThan(SYNTHETIC_DEFAULTS.loopPersist + 0.1);
  });

  it('stop persisting after a loop breaker asks for the next concrete step', () => {
    const broken = [...inLoop, loopBreaker()];
    expect(syntheticHazards(broken).features.loop.perturbed).toBe(true);
    expect(loopRate(broken)).toBeLessThan(0.15);
  });

  it('stop persisting when the goal is restated', () => {
    expect(loopRate([...inLoop, goalNote(TRADING, 'user')])).toBeLessThan(0.15);
  });

  it('are not broken by a placebo note', () => {
    expect(loopRate([...inLoop, placebo()])).toBe(loopRate(inLoop));
  });

  it('form a cycle across agents: the other agent answers in kind', () => {
    let joined = 0;
    let entered = 0;
    for (let s = 0; s < 200; s++) {
      for (const m of simulateCamel(camelTasks[s % camelTasks.length]!, { seed: 3000 + s }).messages) {
        if (m.truth[0]?.detail.startsWith('entered loop')) entered++;
        if (m.truth[0]?.detail.startsWith('joined loop')) joined++;
      }
    }
    expect(entered).toBeGreaterThan(10);
    expect(joined).toBeGreaterThan(entered / 3);
  });

  it('never occur with loopBase 0, even in a running loop', () => {
    const params = { ...SYNTHETIC_DEFAULTS, loopBase: 0 };
    for (let seed = 0; seed < 300; seed++) expect(syntheticReply(inLoop, params, seed, 'user', 14).truth[0]?.kind).not.toBe('loop');
  });
});
