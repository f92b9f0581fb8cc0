import { describe, expect, it } from 'vitest';
import { monitorEvents } from '../../src/monitors/monitorEvents.ts';
import { camel, conversation, exchange, relay } from './conversation.ts';

const flakes = (events: Parameters<typeof monitorEvents>[0]) => monitorEvents(events, { enabled: ['flake-reply'] });
const ask = 'Instruction: Fetch daily price history for the chosen tickers.\nInput: None';
const solve = 'Solution: Here is how to fetch daily price history for the chosen tickers: I wrote a loader that pulls the closing price per ticker into a table.\nNext request.';

describe('flake-reply', () => {
  it.each([
    ['an empty reply', ''],
    ['a format-only reply', 'Solution:\nNext request.'],
    ['an acknowledgement only', 'Got it, sounds good.\nNext request.'],
    ['a promise without delivery', "Solution: Sure, I'll work on this part of the ticker data next and share it once it is ready.\nNext request."],
    ['the instruction repeated back', 'So the instruction is: fetch daily price history for the chosen tickers. \nNext request.'],
    ['a solution that does not address the instruction', 'Solution: The best approach here depends on the trading and the stock market; a standard, well-tested method will work fine.\nNext request.'],
  ])('flags %s', (_name, reply) => {
    const flags = flakes(conversation(camel(), exchange(ask, reply)));
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ monitor: 'flake-reply', agent: 'assistant' });
  });

  it('flags an instruction given again after it was answered', () => {
    const flags = flakes(conversation(camel(), exchange(ask, solve, 'Instruction: Please fetch daily price history for the chosen tickers.\nInput: None')));
    expect(flags.map((f) => [f.agent, f.explanation])).toEqual([['user', 'user: gives again an instruction that was already answered']]);
  });

  it('does not take two steps for one instruction because their Input lines share a context sentence', () => {
    const context = 'Input: Keep the dashboard and team context of the task in mind.';
    const first = `Instruction: Compute monthly revenue per region.\n${context}`;
    const answer = 'Solution: Keeping the dashboard and team context of the task in mind, here is the monthly revenue per region: I computed the sums in a table.\nNext request.';
    const second = `Instruction: Chart the revenue trend with a monthly line chart.\n${context}`;
    expect(flakes(conversation(camel('sales-dashboard'), exchange(first, answer, second)))).toEqual([]);
  });

  it('does not flag a re-instruction after a reply that did not answer', () => {
    const flags = flakes(conversation(camel(), exchange(ask, 'Solution: Ready to continue whenever the next instruction arrives.\nNext request.', "Instruction: Let's try again: fetch daily price history for the chosen tickers.\nInput: None")));
    expect(flags.filter((f) => f.agent === 'user')).toEqual([]);
  });

  it('flags a relay agent that talks about the work but declares no action without a reason', () => {
    const flags = flakes(conversation(relay(), [{ from: 'tester', content: 'Had a look at job-1 ("login form"); the login part seems fine from here.\nACTION: wait' }]));
    expect(flags.map((f) => f.agent)).toEqual(['tester']);
  });

  it('does not flag a relay agent that waits for a stated reason', () => {
    const flags = flakes(conversation(relay(), [{ from: 'tester', content: 'Nothing awaits test right now; job-1 is awaiting build.\nACTION: wait' }]));
    expect(flags).toEqual([]);
  });

  it.each([
    'Solution: I would rather keep to the market and the trading; that request is off our task.\nNext request.',
    'Solution: That is outside our task. Let us stay with the market work: trading bot.\nNext request.',
  ])('does not flag a reply that declines the request as outside the task: %s', (reply) => {
    // A drifting instruction that still names the task's words, so it does not read as off-task by itself.
    const offTask = 'Instruction: Before the next market and trading step, list what to pack in hand luggage for a long flight.\nInput: None';
    expect(flakes(conversation(camel(), exchange(offTask, reply)))).toEqual([]);
  });

  it('does not flag a substantive solution', () => {
    expect(flakes(conversation(camel(), exchange(ask, solve)))).toEqual([]);
  });
});
