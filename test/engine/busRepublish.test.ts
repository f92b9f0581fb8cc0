import { describe, expect, it } from 'vitest';
import { Bus } from '../../src/bus/index.ts';
import type { RunEvent } from '../../src/core/events.ts';
import { LogicalClock } from '../../src/determinism/index.ts';

describe('the bus', () => {
  it('gives an object published twice two events with distinct consecutive seqs', () => {
    const bus = new Bus(new LogicalClock());
    const seen: RunEvent[] = [];
    const twice = { type: 'message' as const, from: 'a', to: null, content: 'again' };
    bus.subscribe((e) => {
      seen.push(e);
      // Both publishes land in the same drain, as a plugin reacting to an event would do it.
      if (e.type === 'message' && e.content === 'root') {
        bus.publish(twice);
        bus.publish(twice);
      }
    });
    bus.publish({ type: 'message', from: 'a', to: null, content: 'root' });
    expect(seen.map((e) => [e.seq, e.type === 'message' ? e.content : null])).toEqual([
      [0, 'root'],
      [1, 'again'],
      [2, 'again'],
    ]);
  });
});
