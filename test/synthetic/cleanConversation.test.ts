import { describe, expect, it } from 'vitest';
import { camelTasks } from '../../agents/camelTasks.ts';
import { relayRoles } from '../../agents/relayAgents.ts';
import { CLEAN, simulateCamel, simulateRelay } from './simulate.ts';

describe('with the four base hazards at zero the agent is clean', () => {
  it.each(camelTasks.map((t) => [t.id, t] as const))('solves every step of camel task %s in order and sends the done token', (_id, task) => {
    for (let seed = 0; seed < 8; seed++) {
      const run = simulateCamel(task, { seed, params: CLEAN });
      expect(run.ended).toBe('done');
      expect(run.progress).toBe(1);
      expect(run.messages).toHaveLength(2 * task.steps.length + 1);
      expect(run.messages.every((m) => m.truth.length === 0)).toBe(true);
      expect(run.messages.at(-1)!.content).toBe('<CAMEL_TASK_DONE>');
      for (const m of run.messages.slice(0, -1)) {
        if (m.from === 'user') expect(m.content).toMatch(/(^|\n)Instruction: .+\nInput: .+$/);
        else expect(m.content).toMatch(/^Solution: [\s\S]+\nNext request\.$/);
      }
    }
  });

  it.each([3, 4, 5])('delivers every job in a relay team of %i, each message ending with one ACTION line', (size) => {
    for (let seed = 0; seed < 6; seed++) {
      const run = simulateRelay(size, 4, { seed, params: CLEAN });
      expect(run.ended).toBe('goal');
      expect(run.messages.every((m) => m.truth.length === 0)).toBe(true);
      for (const m of run.messages) {
        const actions = m.content.match(/^ACTION: .*$/gm) ?? [];
        expect(actions).toHaveLength(1);
        expect(m.content.endsWith(actions[0]!)).toBe(true);
        const own = relayRoles.find((r) => r.id === m.from)!.act;
        expect([own, 'wait']).toContain(actions[0]!.slice('ACTION: '.length));
      }
    }
  });
});
