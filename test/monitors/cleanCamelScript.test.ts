import { describe, expect, it } from 'vitest';
import { camelAgents, camelScript } from '../../agents/camelAgents.ts';
import { camelTasks } from '../../agents/camelTasks.ts';
import type { RunEvent } from '../../src/core/events.ts';
import { monitorEvents } from '../../src/monitors/monitorEvents.ts';
import { runWorld } from '../../src/runner/index.ts';

describe('a clean CAMEL conversation raises no flag', () => {
  it.each(camelTasks.map((t) => [t.id, t] as const))('camel-roleplay with the scripted policy on task %s', async (_id, task) => {
    const script = camelScript(task);
    const agents = camelAgents(task).map((a) => ({ ...a, policy: { kind: 'scripted' as const, replies: script[a.id]! } }));
    const events: RunEvent[] = [];
    const result = await runWorld({
      config: { world: 'camel-roleplay', seed: 1, worldParams: { task: task.id }, agents, monitors: { enabled: [], params: {} } },
      out: null,
      onEvent: (e) => events.push(e),
    });
    expect(result.termination.reason).toBe('done');
    expect(events.filter((e) => e.type === 'message').length).toBe(2 * task.steps.length + 1);
    expect(monitorEvents(events)).toEqual([]);
  });
});
