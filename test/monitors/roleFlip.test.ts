import { describe, expect, it } from 'vitest';
import { monitorEvents } from '../../src/monitors/monitorEvents.ts';
import { camel, conversation, exchange, relay } from './conversation.ts';

const roleFlips = (events: Parameters<typeof monitorEvents>[0]) => monitorEvents(events, { enabled: ['role-flip'] });

describe('role-flip', () => {
  it('flags the assistant when it writes an instruction to the user', () => {
    const flags = roleFlips(
      conversation(camel(), exchange('Instruction: Fetch daily price history for the chosen tickers.\nInput: None', 'Instruction: Compute the moving averages yourself.\nInput: None')),
    );
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ monitor: 'role-flip', agent: 'assistant', severity: 'critical' });
    expect(flags[0]!.explanation).toContain("does user's act 'instruct'");
    expect(flags[0]!.evidence[0]!.excerpt).toContain('Instruction:');
  });

  it('flags the assistant when it tells the user what to do instead of solving', () => {
    const flags = roleFlips(
      conversation(
        camel(),
        exchange(
          'Instruction: Backtest the crossover strategy on the price history.\nInput: None',
          'Solution: Before I continue, you should decide the ticker and drawdown details yourself and send me the result.\nNext request.',
        ),
      ),
    );
    expect(flags.map((f) => f.agent)).toEqual(['assistant']);
  });

  it('flags the instructor when it solves the step itself', () => {
    const flags = roleFlips(
      conversation(camel(), [{ from: 'user', content: 'I went ahead and did it: to fetch the daily price history, I wrote the loader and checked the output. Next request.' }]),
    );
    expect(flags.map((f) => [f.agent, f.explanation.includes("'solve'")])).toEqual([['user', true]]);
  });

  it("flags a relay planner that declares the builder's act", () => {
    const flags = roleFlips(conversation(relay(), [{ from: 'planner', content: 'Built job-1 ("login form"): the login part is wired in.\nACTION: build' }]));
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ agent: 'planner', score: 1 });
    expect(flags[0]!.explanation).toContain("builder's act 'build'");
  });

  it("flags a planner that writes a section in the coder's name, as in the MAST FM-1.2 traces", () => {
    const agents = [
      { id: 'Planner', role: { name: 'Planner', description: 'Plans and delegates.', duties: ['plan'], forbidden: [], acts: ['plan'] }, goal: { statement: 'Ship a rate limiter.', successCriteria: [] } },
      { id: 'Coder', role: { name: 'Coder', description: 'Writes the code.', duties: ['code'], forbidden: [], acts: ['build'] }, goal: { statement: 'Ship a rate limiter.', successCriteria: [] } },
    ];
    const flags = roleFlips(
      conversation(agents, [{ from: 'Planner', content: "## Plan\n1. Coder implements the bucket.\n\n## Coder's Implementation\nHere is the class with a lock around refill." }]),
    );
    expect(flags.map((f) => f.agent)).toEqual(['Planner']);
    expect(flags[0]!.explanation).toContain("writes a section as Coder");
  });

  it('does not flag a planner that addresses the coder by name', () => {
    const agents = [
      { id: 'Planner', role: { name: 'Planner', description: 'Plans.', duties: ['plan'], forbidden: [], acts: ['plan'] }, goal: { statement: 'Ship a rate limiter.', successCriteria: [] } },
      { id: 'Coder', role: { name: 'Coder', description: 'Codes.', duties: ['code'], forbidden: [], acts: ['build'] }, goal: { statement: 'Ship a rate limiter.', successCriteria: [] } },
    ];
    const lines = [
      '**To Coder:**\nImplement the token bucket with a lock.',
      '**Coder:** Implement the refill logic lazily.',
      '### Task for Coder\nPlease provide the class and tests.',
      '**Planner → Coder:** please implement `allow()`.',
    ];
    expect(roleFlips(conversation(agents, lines.map((content) => ({ from: 'Planner', content }))))).toEqual([]);
  });

  it('does not flag clean instructions and solutions', () => {
    const flags = roleFlips(
      conversation(
        camel(),
        exchange(
          'Instruction: Install the market data and backtesting libraries.\nInput: None',
          'Solution: Here is how to install the market data libraries: pip install pandas and a backtesting package, then check the import.\nNext request.',
        ),
      ),
    );
    expect(flags).toEqual([]);
  });
});
