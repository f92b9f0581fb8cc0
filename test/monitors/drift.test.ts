import { describe, expect, it } from 'vitest';
import { monitorEvents } from '../../src/monitors/monitorEvents.ts';
import { camel, conversation, exchange, relay } from './conversation.ts';

const drifts = (events: Parameters<typeof monitorEvents>[0]) => monitorEvents(events, { enabled: ['drift'] });

describe('drift', () => {
  it('flags a message about something else entirely, with the off-task clause as evidence', () => {
    const flags = drifts(
      conversation(
        camel(),
        exchange(
          'Instruction: Compute short and long moving averages of the closing price.\nInput: None',
          'Solution: Did you catch the football last night? The striker missed an open net in the last minute.\nNext request.',
        ),
      ),
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ monitor: 'drift', agent: 'assistant' });
    expect(flags[0]!.evidence[0]!.excerpt).toMatch(/football|striker/);
  });

  it('flags an on-task report that wanders into an aside', () => {
    const flags = drifts(
      conversation(relay(), [
        { from: 'world', content: 'Board: job-1 "login form" awaiting test; 2 queued; 0 done.' },
        {
          from: 'tester',
          content: 'Tested job-1 ("login form"): ran the login cases. Speaking of the login and the bookshop: cheap flight deals always hide the luggage fees, and the hotel is never as close as promised.\nACTION: test',
        },
      ]),
    );
    expect(flags.map((f) => f.agent)).toEqual(['tester']);
  });

  it('flags an off-task agent once per episode', () => {
    const off = [
      'I keep checking the forecast; another storm is supposed to roll in this weekend.',
      'Nothing beats a cool breeze after a week of high temperature, though an umbrella is never far away.',
    ];
    const flags = drifts(conversation(camel(), off.map((content) => ({ from: 'user', content }))));
    expect(flags).toHaveLength(1);
  });

  it('does not flag on-task work', () => {
    const flags = drifts(
      conversation(
        camel(),
        exchange(
          'Instruction: Compute short and long moving averages of the closing price.\nInput: None',
          'Solution: I computed the short and long moving averages of the closing price with rolling windows of 20 and 50 days.\nNext request.',
        ),
      ),
    );
    expect(flags).toEqual([]);
  });
});
