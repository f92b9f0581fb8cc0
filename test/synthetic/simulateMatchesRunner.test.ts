import { describe, expect, it } from 'vitest';
import { camelTasks } from '../../agents/camelTasks.ts';
import { runWorld } from '../../src/runner/index.ts';
import { simulateCamel, simulateRelay } from './simulate.ts';

/** The agents' messages of a real run (no monitors or mitigations, as the simulation has none). */
async function runMessages(world: string, seed: number, worldParams: Record<string, unknown>): Promise<string[]> {
  const out: string[] = [];
  await runWorld({ config: { world, seed, worldParams }, plugins: [], onEvent: (e) => void (e.type === 'message' && e.from !== 'world' && out.push(`${e.from}: ${e.content}`)) });
  return out;
}

// The calibration figures in params.ts come from the fast in-test simulation: it must stay the runner's twin.
describe('the synthetic calibration simulation', () => {
  it('produces the same camel conversation as the real runner', async () => {
    const task = camelTasks[0]!;
    for (const seed of [1, 2, 5]) {
      const simulated = simulateCamel(task, { seed }).messages.map((m) => `${m.from}: ${m.content}`);
      expect(simulated.length).toBeGreaterThan(8);
      expect(simulated).toEqual(await runMessages('camel-roleplay', seed, { task: task.id }));
    }
  });

  it('produces the same relay conversation as the real runner', async () => {
    for (const seed of [1, 3]) {
      const simulated = simulateRelay(4, 3, { seed, project: 'team chat' }).messages.map((m) => `${m.from}: ${m.content}`);
      expect(simulated.length).toBeGreaterThan(8);
      expect(simulated).toEqual(await runMessages('relay', seed, { team: 4, jobs: 3, project: 'team chat' }));
    }
  });
});
