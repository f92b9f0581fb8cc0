import { describe, expect, it } from 'vitest';
import { monitorEvents } from '../../src/monitors/monitorEvents.ts';
import { camel, conversation, exchange, relay } from './conversation.ts';

const loops = (events: Parameters<typeof monitorEvents>[0]) => monitorEvents(events, { enabled: ['infinite-loop'] });

describe('infinite-loop', () => {
  it('flags each agent once when a thank-you / welcome / goodbye ping-pong starts', () => {
    const flags = loops(
      conversation(
        camel(),
        exchange('Thank you so much, I really appreciate it.', "You're welcome! Happy to help.\nNext request.", 'Goodbye, it was a pleasure working with you!', 'Bye for now, and take care!\nNext request.'),
      ),
    );
    expect(flags.map((f) => f.agent)).toEqual(['user', 'assistant']);
    expect(flags[0]!.explanation).toContain('bare pleasantry');
  });

  it('flags an agent that repeats its own last message verbatim', () => {
    const report = 'Tested job-2 ("city lookup"): ran the city cases and the lookup edge cases; results recorded.';
    const flags = loops(conversation(relay(), [{ from: 'tester', content: `${report}\nACTION: test` }, { from: 'tester', content: `${report}\nACTION: wait` }]));
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ agent: 'tester', span: { start: flags[0]!.evidence[0]!.seq } });
    expect(flags[0]!.explanation).toContain('repeats its own message');
  });

  it('flags a long loop again every `refresh` loop-like messages', () => {
    const lines = Array.from({ length: 9 }, () => ({ from: 'tester', content: 'Tested job-2 ("city lookup"): ran the city cases and the lookup edge cases.\nACTION: wait' }));
    expect(loops(conversation(relay(), lines)).length).toBe(2);
  });

  it('does not flag an instruction asked again in other words', () => {
    const flags = loops(
      conversation(
        camel(),
        exchange(
          'Instruction: Fetch daily price history for the chosen tickers.\nInput: None',
          'Solution: Ready to continue whenever the next instruction arrives.\nNext request.',
          "Instruction: Let's try again: fetch daily price history for the chosen tickers.\nInput: None",
        ),
      ),
    );
    expect(flags).toEqual([]);
  });

  it('does not flag a conversation that moves on', () => {
    const flags = loops(
      conversation(
        camel(),
        exchange(
          'Instruction: Fetch daily price history for the chosen tickers.\nInput: None',
          'Solution: I wrote a loader for the daily closing price of each ticker.\nNext request.',
          'Thanks.\nInstruction: Compute short and long moving averages of the closing price.\nInput: None',
          'Solution: I computed the 20-day and 50-day moving averages with pandas rolling means.\nNext request.',
        ),
      ),
    );
    expect(flags).toEqual([]);
  });
});
