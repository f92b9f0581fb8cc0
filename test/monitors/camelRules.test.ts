import { describe, expect, it } from 'vitest';
import { camelRuleKind } from '../../src/monitors/camelRules.ts';
import { monitorEvents } from '../../src/monitors/monitorEvents.ts';
import { camel, conversation, exchange, relay } from './conversation.ts';

const rules = (events: Parameters<typeof monitorEvents>[0]) => monitorEvents(events, { enabled: ['camel-rules'] });
const ask = (n: number) => `Instruction: Step ${n} of the trading bot.\nInput: None`;
const answer = 'Solution: Done, the price loader works.\nNext request.';

describe("camel-rules (CAMEL's own termination detectors)", () => {
  it('flags the assistant\'s first "Instruction:" as a role flip', () => {
    const flags = rules(conversation(camel(), exchange(ask(1), 'Instruction: Tell me the tickers.\nInput: None')));
    expect(flags.map((f) => f.explanation)).toEqual(['role flip: assistant wrote "Instruction:"']);
    expect(camelRuleKind(flags[0]!)).toBe('role-flip');
  });

  it('flags a stall when the user gives no instruction three times in a row', () => {
    const flags = rules(conversation(camel(), exchange('Let me think.', answer, 'Still thinking.', answer, 'Almost there.', answer)));
    expect(flags.map((f) => f.explanation)).toEqual(['stall: user gave no instruction for 3 messages']);
  });

  it('flags a loop when a repeat word appears in four consecutive exchanges', () => {
    const flags = rules(
      conversation(camel(), exchange('Thanks!', 'Solution: You are welcome.\nNext request.', ask(1), 'Solution: Thank you.\nNext request.', ask(2), 'Solution: Thanks, bye.\nNext request.', ask(3), 'Solution: Goodbye.\nNext request.')),
    );
    expect(flags.map((f) => f.explanation)).toContain('loop: a repeat word in 4 consecutive exchanges');
  });

  it('stops at the done token and notes the 40-message cap as info', () => {
    const long = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? ask(i) : answer));
    const capped = rules(conversation(camel(), exchange(...long)));
    expect(capped.map((f) => [f.severity, f.explanation])).toEqual([['info', 'message cap: 40 messages reached (CAMEL would stop here)']]);
    const done = rules(conversation(camel(), exchange(ask(1), answer, '<CAMEL_TASK_DONE>', 'Instruction: more?\nInput: None')));
    expect(done).toEqual([]);
  });

  it('stays silent outside a CAMEL instructor/solver pair', () => {
    expect(rules(conversation(relay(), [{ from: 'planner', content: 'Instruction: thank you, goodbye' }]))).toEqual([]);
  });
});
