import { describe, expect, it } from 'vitest';
import { defaultPlugins, defineMonitor, finding, mitigationPlugins, monitorPlugin, runWorld, WHOLE, type RunResult } from '../../src/index.ts';
import { resolveRunConfig } from '../../src/runner/index.ts';
import { resolveWorld } from '../../src/world/index.ts';

// The example of defineMonitor's documentation, as a researcher would write it.
const shout = defineMonitor({
  name: 'shout',
  kind: null,
  summary: 'messages that restate the task in capitals',
  params: { minLength: { value: 10, doc: 'shortest message judged', range: WHOLE } },
  create: (p) => ({
    onMessage: (m) => (m.content.length >= p.minLength && /Task:|Instruction:/.test(m.content) ? finding(m, 0.5, 'warning', 'message names the task') : null),
  }),
});

describe('a monitor of your own', () => {
  it('runs online next to the configured ones through monitorPlugin, its flags recorded like theirs', async () => {
    const world = await resolveWorld('camel-roleplay');
    const config = resolveRunConfig({ world: 'camel-roleplay', seed: 3 }, world.world);
    const plain: RunResult = await runWorld({ config, world });
    const mine = await runWorld({ config, world, plugins: [monitorPlugin(config.monitors, [shout]), ...mitigationPlugins(config.mitigations)] });
    expect(mine.flags.shout).toBeGreaterThan(0);
    // The built-in monitors raised exactly what they raise without it.
    const { shout: _, ...builtIn } = mine.flags;
    expect(builtIn).toEqual(plain.flags);
    expect(defaultPlugins(config)).toHaveLength(1 + config.mitigations.length);
  });

  it('may not take a built-in monitor’s name', () => {
    expect(() => monitorPlugin({ enabled: null, params: {} }, [{ ...shout, name: 'drift' }])).toThrow('Two monitors are named "drift": give yours another name.');
  });
});
