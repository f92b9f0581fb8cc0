import { describe, expect, it } from 'vitest';
import { canonicalJson, hashOf, sha256Hex } from '../../src/core/canonical.ts';
import { requestHashOf } from '../../src/runner/index.ts';
import type { EventOf } from '../../src/core/events.ts';
import { requestMessages } from '../../src/record/requestMessages.ts';
import { runCollect, scriptedAgents } from '../helpers/runs.ts';

describe('agent state machines', () => {
  it('records every transition of every agent, in a legal order, ending in done', async () => {
    const { result, events } = await runCollect({ config: { world: 'relay', seed: 4, agents: await scriptedAgents('relay', {}, 4) } });
    const legal: Record<string, string[]> = {
      idle: ['observing'],
      observing: ['deciding'],
      deciding: ['acting'],
      acting: ['waiting', 'deciding'],
      waiting: ['observing', 'done', 'failed'],
    };
    const states = events.filter((e): e is EventOf<'agent.state'> => e.type === 'agent.state');
    for (const agent of ['planner', 'builder', 'tester', 'reviewer']) {
      const mine = states.filter((e) => e.agent === agent);
      let current = 'idle';
      for (const e of mine) {
        expect(e.from).toBe(current);
        expect(legal[current]).toContain(e.to);
        current = e.to;
      }
      expect(current).toBe('done');
      // Four transitions per turn spoken, plus the final one.
      const spoken = events.filter((e) => e.type === 'message' && e.from === agent).length;
      expect(mine).toHaveLength(spoken * 4 + 1);
    }
    expect(result.termination.reason).toBe('goal-reached');
  });

  it('restates the role card and goal in every policy call, not only the first', async () => {
    const { events } = await runCollect({ config: { world: 'camel-roleplay', seed: 2, worldParams: { task: 'sales-dashboard' }, agents: await scriptedAgents('camel-roleplay', { task: 'sales-dashboard' }, 2) } });
    const requests = requestMessages(events);
    const spawns = events.filter((e): e is EventOf<'agent.spawn'> => e.type === 'agent.spawn');
    expect(requests.size).toBeGreaterThan(8);
    for (const [key, messages] of requests) {
      const spawn = spawns.find((s) => s.agent === key.split(':')[0])!;
      expect(messages[0]!.role).toBe('system');
      expect(messages[0]!.content).toContain(`the ${spawn.role.name}`);
      expect(messages[0]!.content).toContain(spawn.goal.statement);
    }
  });

  it('keeps working memory within the configured window', async () => {
    const { events } = await runCollect({
      config: { world: 'camel-roleplay', seed: 2, worldParams: { task: 'trading-bot' }, context: { window: 4 }, agents: await scriptedAgents('camel-roleplay', { task: 'trading-bot' }, 2) },
    });
    const requests = [...requestMessages(events).values()];
    expect(Math.max(...requests.map((m) => m.length))).toBe(5);
  });
});

describe('recorded requests', () => {
  it('rebuild from their delta encoding into exactly the messages whose hash was recorded', async () => {
    const { events } = await runCollect({ config: { world: 'camel-roleplay', seed: 5, context: { window: 6 } } });
    const rebuilt = requestMessages(events);
    const recorded = events.filter((e): e is EventOf<'model.request'> => e.type === 'model.request');
    expect(recorded.length).toBeGreaterThan(10);
    for (const r of recorded) {
      const messages = rebuilt.get(`${r.agent}:${r.call}`)!;
      // The documented rule, spelled out: SHA-256 over the entries' own SHA-256s.
      expect(sha256Hex(messages.map((m) => sha256Hex(canonicalJson(m))).join(''))).toBe(r.requestHash);
      expect(requestHashOf(messages)).toBe(r.requestHash);
      // Format 1's rule (still applied when re-running a version-1 file) hashed the whole array.
      expect(requestHashOf(messages, 1)).toBe(hashOf(messages));
    }
    // Windows slide: later requests drop old entries and carry only the new ones.
    expect(recorded.some((r) => r.drop > 0)).toBe(true);
    expect(Math.max(...recorded.map((r) => r.add.length))).toBeLessThanOrEqual(6);
  });
});
