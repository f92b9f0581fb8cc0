import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/chat.ts';
import { SYNTHETIC_DEFAULTS, syntheticHazards, syntheticReply } from '../../src/policies/synthetic/index.ts';
import { entry, lateContext, roleReminder, TRADING } from './contexts.ts';

const late = lateContext(TRADING, 'assistant');
const reminded = [...late.slice(0, -1), roleReminder(TRADING, 'assistant'), late.at(-1)!];

function flipRate(context: readonly ChatMessage[]): number {
  let flips = 0;
  for (let seed = 0; seed < 3000; seed++) if (syntheticReply(context, SYNTHETIC_DEFAULTS, seed, 'assistant', 12).truth[0]?.kind === 'role-flip') flips++;
  return flips / 3000;
}

describe('role anchoring', () => {
  it('falls with the distance from the last naming of the role', () => {
    const near = syntheticHazards(lateContext(TRADING, 'assistant', 2)).features;
    const far = syntheticHazards(late).features;
    expect(far.dRole).toBe(24);
    expect(far.r).toBeCloseTo(Math.exp(-24 / SYNTHETIC_DEFAULTS.tauRole), 10);
    expect(far.r).toBeLessThan(near.r);
  });

  it('is restored by a role reminder ("You are <self>, the <Role>"), which lowers the flip hazard', () => {
    const before = syntheticHazards(late);
    const after = syntheticHazards(reminded);
    expect(after.features.dRole).toBe(1);
    expect(after.hazards.flip).toBeLessThan(before.hazards.flip / 5);
  });

  it('also recognises "you are the <Role>" in any case', () => {
    const note: ChatMessage = { role: 'system', name: 'role-reminder', content: 'remember: YOU ARE THE PYTHON PROGRAMMER, nothing else.' };
    expect(syntheticHazards([...late, note]).features.dRole).toBe(0);
  });

  it('lowers the observed role-flip rate over many seeds', () => {
    const without = flipRate(late);
    const withReminder = flipRate(reminded);
    expect(without).toBeGreaterThan(0.02);
    expect(withReminder).toBeLessThan(without / 3);
  });

  it('is eroded by the other agent flipping roles (contagion)', () => {
    const flipped = entry('assistant', 'user', 'Solution: To compute the moving averages, I went ahead and did it myself with pandas.\nNext request.');
    const contagious = [...late.slice(0, -2), flipped, late.at(-1)!];
    const a = syntheticHazards(late);
    const b = syntheticHazards(contagious);
    expect(b.features.contagion).toBeGreaterThan(0);
    expect(b.hazards.flip).toBeGreaterThan(a.hazards.flip);
  });
});
