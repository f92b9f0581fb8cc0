import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/chat.ts';
import { SYNTHETIC_DEFAULTS, syntheticHazards, syntheticReply } from '../../src/policies/synthetic/index.ts';
import { goalOf, lateContext, placebo, roleNameOf, TRADING } from './contexts.ts';
import { simulateCamel, simulateRelay } from './simulate.ts';

/** Same text and truth (token usage counts the note's text, so it differs). */
function sameReplies(a: readonly ChatMessage[], b: readonly ChatMessage[], agent: string): void {
  for (let seed = 0; seed < 300; seed++) {
    const x = syntheticReply(a, SYNTHETIC_DEFAULTS, seed, agent, 9);
    const y = syntheticReply(b, SYNTHETIC_DEFAULTS, seed, agent, 9);
    expect([y.content, y.truth]).toEqual([x.content, x.truth]);
  }
}

describe('a placebo note', () => {
  it('holds neither the goal nor the role text', () => {
    expect(placebo().content).not.toContain(goalOf(TRADING, 'assistant'));
    expect(placebo().content.toLowerCase()).not.toContain(roleNameOf(TRADING, 'assistant').toLowerCase());
  });

  it('leaves every feature and hazard unchanged', () => {
    for (const agent of ['user', 'assistant']) {
      const late = lateContext(TRADING, agent);
      expect(syntheticHazards([...late, placebo()])).toEqual(syntheticHazards(late));
      expect(syntheticHazards([...late.slice(0, -1), placebo(), late.at(-1)!])).toEqual(syntheticHazards(late));
    }
  });

  it('in a full window only displaces the oldest entry, one entry of distance', () => {
    const late = lateContext(TRADING, 'assistant');
    const displaced = syntheticHazards([late[0]!, ...late.slice(2, -1), placebo(), late.at(-1)!]);
    const baseline = syntheticHazards(late);
    expect(displaced.features.dGoal).toBe(baseline.features.dGoal - 1);
    expect(Math.abs(displaced.hazards.flake / baseline.hazards.flake - 1)).toBeLessThan(0.02);
  });

  it('changes no reply of a camel agent over 300 seeds', () => {
    for (const agent of ['user', 'assistant']) {
      const late = lateContext(TRADING, agent);
      sameReplies(late, [...late.slice(0, -1), placebo(), late.at(-1)!], agent);
    }
  });

  it('changes no reply of a relay agent over 300 seeds', () => {
    const run = simulateRelay(4, 4, { seed: 3 });
    const late = run.messages.filter((m) => m.from === 'builder').at(-1)!.context;
    sameReplies(late, [...late, placebo()], 'builder');
  });

  it('changes no conversation when injected every few turns', () => {
    for (let seed = 0; seed < 30; seed++) {
      // A window large enough that notes never displace conversation (displacement is the one allowed effect, tested above).
      const plain = simulateCamel(TRADING, { seed, window: 80 });
      const noted = simulateCamel(TRADING, { seed, window: 80, notes: (_a, turn) => (turn % 4 === 0 ? [placebo()] : []) });
      expect(noted.messages.map((m) => [m.content, m.truth])).toEqual(plain.messages.map((m) => [m.content, m.truth]));
    }
  });
});
