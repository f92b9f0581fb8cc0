import { describe, expect, it } from 'vitest';
import { SYNTHETIC_DEFAULTS, syntheticHazards, syntheticReply } from '../../src/policies/synthetic/index.ts';
import { entry, goalNote, lateContext, placebo, TRADING } from './contexts.ts';

const tau = SYNTHETIC_DEFAULTS.tauGoal;

describe('goal salience', () => {
  it('falls with the distance from the last statement of the goal', () => {
    const gs = [0, 4, 8, 16, 24].map((n) => syntheticHazards(lateContext(TRADING, 'assistant', n)).features);
    gs.forEach((f, i) => {
      expect(f.dGoal).toBe([0, 4, 8, 16, 24][i]);
      expect(f.g).toBeCloseTo(Math.exp(-f.dGoal / tau), 10);
    });
    for (let i = 1; i < gs.length; i++) expect(gs[i]!.g).toBeLessThan(gs[i - 1]!.g);
  });

  it('is restored by a goal note near the end of the window, and the flake hazard with it', () => {
    const late = lateContext(TRADING, 'assistant');
    const [prompt, ...rest] = late;
    const noted = [prompt!, ...rest.slice(1, -3), goalNote(TRADING, 'assistant'), ...rest.slice(-3)];
    const before = syntheticHazards(late);
    const after = syntheticHazards(noted);
    expect(after.features.dGoal).toBe(3);
    expect(after.features.g).toBeCloseTo(Math.exp(-3 / tau), 10);
    expect(after.hazards.flake).toBeLessThan(before.hazards.flake / 2);
    expect(syntheticHazards([...late, goalNote(TRADING, 'assistant')]).features.g).toBe(1);
  });

  it('does not count mitigation notes as distance: only what a note says matters', () => {
    const late = lateContext(TRADING, 'assistant', 10);
    expect(syntheticHazards([...late, placebo()]).features.dGoal).toBe(10);
  });

  it('cuts the failure rate of late replies over many seeds when the goal is restated', () => {
    const late = lateContext(TRADING, 'assistant');
    const noted = [...late.slice(0, -1), goalNote(TRADING, 'assistant'), late.at(-1)!];
    const rate = (context: typeof late) => {
      let failed = 0;
      for (let seed = 0; seed < 600; seed++) if (syntheticReply(context, SYNTHETIC_DEFAULTS, seed, 'assistant', 12).truth.length > 0) failed++;
      return failed / 600;
    };
    const without = rate(late);
    const withNote = rate(noted);
    expect(without).toBeGreaterThan(0.08);
    expect(withNote).toBeLessThan(without / 2);
  });

  it('brings an off-task agent back to the task', () => {
    const offTask = 'Solution: The weather has been so changeable lately, sunny in the morning and rain by the afternoon. I keep checking the forecast.\nNext request.';
    const late = [...lateContext(TRADING, 'assistant').slice(0, -2), entry('assistant', 'assistant', offTask), lateContext(TRADING, 'assistant').at(-1)!];
    expect(syntheticHazards(late).features.topic.level).toBe(2);
    const stays = (context: typeof late) => {
      let n = 0;
      for (let seed = 0; seed < 400; seed++) if (syntheticReply(context, SYNTHETIC_DEFAULTS, seed, 'assistant', 9).truth[0]?.kind === 'drift') n++;
      return n / 400;
    };
    const alone = stays(late);
    const reminded = stays([...late, goalNote(TRADING, 'assistant')]);
    expect(alone).toBeGreaterThan(0.7);
    expect(reminded).toBeLessThan(0.35);
  });
});
