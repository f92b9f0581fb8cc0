import { describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS, syntheticReply } from '../../src/policies/synthetic/index.ts';
import { camelPrompt, entry, lateContext, TRADING } from './contexts.ts';
import { simulateCamel } from './simulate.ts';

const instructed = [camelPrompt(TRADING, 'assistant'), entry('assistant', 'user', 'Instruction: Install the market data and backtesting libraries.\nInput: None')];

describe('the synthetic model is a pure function of its context', () => {
  it('gives the same reply for the same context, seed, agent and call', () => {
    const a = syntheticReply(instructed, SYNTHETIC_DEFAULTS, 7, 'assistant', 3);
    const b = syntheticReply(instructed, SYNTHETIC_DEFAULTS, 7, 'assistant', 3);
    expect(b).toEqual(a);
  });

  it('keeps no state between calls: the order and mix of calls changes no reply', () => {
    const context = lateContext(TRADING, 'assistant');
    const forward = Array.from({ length: 20 }, (_, call) => syntheticReply(context, SYNTHETIC_DEFAULTS, 11, 'assistant', call));
    const backward = Array.from({ length: 20 }, (_, k) => {
      syntheticReply(instructed, SYNTHETIC_DEFAULTS, 99, 'user', k); // an unrelated call in between
      return syntheticReply(context, SYNTHETIC_DEFAULTS, 11, 'assistant', 19 - k);
    }).reverse();
    expect(backward).toEqual(forward);
  });

  it('varies its wording across call indices and seeds', () => {
    const byCall = new Set(Array.from({ length: 30 }, (_, call) => syntheticReply(instructed, SYNTHETIC_DEFAULTS, 7, 'assistant', call).content));
    const bySeed = new Set(Array.from({ length: 30 }, (_, seed) => syntheticReply(instructed, SYNTHETIC_DEFAULTS, seed, 'assistant', 0).content));
    expect(byCall.size).toBeGreaterThanOrEqual(5);
    expect(bySeed.size).toBeGreaterThanOrEqual(5);
  });

  it('replays a whole conversation identically from the same seed', () => {
    const a = simulateCamel(TRADING, { seed: 5 });
    const b = simulateCamel(TRADING, { seed: 5 });
    expect(b.messages.map((m) => [m.content, m.truth])).toEqual(a.messages.map((m) => [m.content, m.truth]));
  });
});
