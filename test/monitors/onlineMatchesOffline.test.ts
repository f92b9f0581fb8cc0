import { Subject, toArray, firstValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/core/events.ts';
import { createMonitorSet } from '../../src/monitors/createMonitorSet.ts';
import { monitorEvents } from '../../src/monitors/monitorEvents.ts';
import { monitorOperator } from '../../src/monitors/monitorOperator.ts';
import '../../src/policies/synthetic/index.ts';
import { runWorld } from '../../src/runner/index.ts';

async function syntheticRun(world: string, seed: number): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  await runWorld({ config: { world, seed, monitors: { enabled: [], params: {} } }, out: null, onEvent: (e) => events.push(e) });
  return events;
}

/** The first run from `seed` on in which the monitors raise flags (so the comparison is not vacuous). */
async function flaggedRun(world: string, seed: number): Promise<RunEvent[]> {
  for (let s = seed; s < seed + 50; s++) {
    const events = await syntheticRun(world, s);
    if (monitorEvents(events).length > 1) return events;
  }
  throw new Error(`no flagged ${world} run from seed ${seed}`);
}

describe('online and offline monitoring agree', () => {
  it.each([
    ['camel-roleplay', 3],
    ['relay', 4],
  ] as const)('the rxjs operator over a Subject and monitorEvents over the stored events give the same flags (%s)', async (world, seed) => {
    const events = await flaggedRun(world, seed);
    const offline = monitorEvents(events);

    const bus = new Subject<RunEvent>();
    const online = firstValueFrom(bus.pipe(monitorOperator({}), toArray()));
    for (const e of events) bus.next(e);
    bus.complete();
    expect(await online).toEqual(offline);
  });

  it('a monitor set fed event by event gives the same flags, whatever flags are already in the log', async () => {
    const events = await flaggedRun('camel-roleplay', 5);
    const offline = monitorEvents(events);
    const set = createMonitorSet({});
    const withFlags: RunEvent[] = [];
    let seq = 0;
    for (const e of events) {
      withFlags.push({ ...e, seq: seq++ });
      for (const f of set.onEvent(e)) withFlags.push({ ...f, seq: seq++, tick: e.tick });
    }
    // Re-monitoring a log that already holds flags (as a recorded run does) ignores them.
    const again = monitorEvents(withFlags);
    expect(again.map((f) => f.explanation)).toEqual(offline.map((f) => f.explanation));
  });

  it('two subscriptions to one operator keep separate state', async () => {
    const events = await flaggedRun('relay', 6);
    const op = monitorOperator({});
    const bus = new Subject<RunEvent>();
    const a = firstValueFrom(bus.pipe(op, toArray()));
    const b = firstValueFrom(bus.pipe(op, toArray()));
    for (const e of events) bus.next(e);
    bus.complete();
    expect(await a).toEqual(await b);
  });
});
