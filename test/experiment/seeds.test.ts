import { describe, expect, it } from 'vitest';
import { MAX_SEED, SeedsSchema } from '../../src/experiment/Experiment.ts';
import { troupe } from '../helpers/cli.ts';

/** The messages of a rejected seeds value. */
const problems = (input: unknown) => {
  const result = SeedsSchema.safeParse(input);
  if (result.success) throw new Error(`accepted ${JSON.stringify(input)}`);
  return result.error.issues.map((i) => i.message);
};

describe('seeds', () => {
  it('are written as a range, a comma list or a single seed, in text as on the command line', () => {
    expect(SeedsSchema.parse('3..5')).toEqual([3, 4, 5]);
    expect(SeedsSchema.parse(' 9, 2 ,4 ')).toEqual([9, 2, 4]);
    expect(SeedsSchema.parse('7')).toEqual([7]);
    expect(SeedsSchema.parse({ from: MAX_SEED - 1, to: MAX_SEED })).toEqual([MAX_SEED - 1, MAX_SEED]);
  });

  it('get one message naming every accepted form when malformed, not a second one about a range', () => {
    for (const text of ['1..x', '1,x', '1,,2', '1..2,5', '']) {
      const messages = problems(text);
      expect(messages, text).toHaveLength(1);
      expect(messages[0]).toMatch(/a range FROM\.\.TO .*, a comma-separated list .* or a single seed/);
    }
  });

  it('stop at 2^32−1 and at a million, so a slip cannot exhaust memory', () => {
    expect(problems('0..4294967296')).toEqual(['seeds are integers from 0 to 4294967295, got 4294967296']);
    expect(problems([1, 2 ** 32])).toEqual(['seeds are integers from 0 to 4294967295, got 4294967296']);
    expect(problems('0..4294967295')).toEqual(['a range may hold at most 1,000,000 seeds; 0..4294967295 holds 4,294,967,296']);
    expect(problems({ from: 1, to: 1_000_001 })[0]).toMatch(/at most 1,000,000 seeds/);
    expect(SeedsSchema.parse('1..1000000')).toHaveLength(1_000_000);
  });

  it('are refused when one is repeated, since a paired design with a repeated seed is almost surely a typo', () => {
    expect(problems([1, 1])).toEqual(['seed 1 is listed twice; each seed is one paired trial of every arm, so list it once']);
    expect(problems('1,2,1')[0]).toMatch(/seed 1 is listed twice/);
  });

  it('on the command line are checked as the flag is read, and the error names --seeds', async () => {
    const cases: [string[], RegExp][] = [
      [['--world', 'camel-roleplay', '--seeds', '0..4294967295'], /--seeds: a range may hold at most 1,000,000 seeds/],
      [['--world', 'relay', '--seeds', '1..2,5'], /--seeds: expected seeds as a range FROM\.\.TO/],
      [['--world', 'relay', '--seeds', '1,1,2'], /--seeds: seed 1 is listed twice/],
      [['persistent-goals', '--seeds', '5..1'], /--seeds: a range must not end before it starts, got 5\.\.1/],
    ];
    for (const [args, message] of cases) {
      const r = await troupe('sweep', ...args, '--out', '/nonexistent-never-written', '--workers', '0');
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
    }
  });
});
