import { describe, expect, it } from 'vitest';
import { Bus } from '../../src/bus/index.ts';
import type { RunEvent } from '../../src/core/events.ts';
import { LogicalClock } from '../../src/determinism/index.ts';

const msg = (content: string) => ({ type: 'message' as const, from: 'a', to: null, content });

describe('the bus', () => {
  it('stamps a global seq and the current tick on every event', () => {
    const clock = new LogicalClock();
    const bus = new Bus(clock);
    const seen: RunEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    bus.publish(msg('one'));
    clock.advanceTo(3);
    bus.publish(msg('two'));
    expect(seen.map((e) => [e.seq, e.tick])).toEqual([
      [0, 0],
      [1, 3],
    ]);
  });

  it('queues a publish made from inside a subscriber, so every subscriber sees one breadth-first order', () => {
    const bus = new Bus(new LogicalClock());
    const first: string[] = [];
    const second: string[] = [];
    bus.subscribe((e) => {
      if (e.type !== 'message') return;
      first.push(e.content);
      if (e.content === 'root') {
        bus.publish(msg('child-1'));
        bus.publish(msg('child-2'));
      }
      if (e.content === 'child-1') bus.publish(msg('grandchild'));
    });
    bus.subscribe((e) => {
      if (e.type === 'message') second.push(`${e.seq}:${e.content}`);
    });
    bus.publish(msg('root'));
    expect(first).toEqual(['root', 'child-1', 'child-2', 'grandchild']);
    // The second subscriber sees root before any child, although the children were published during root's delivery.
    expect(second).toEqual(['0:root', '1:child-1', '2:child-2', '3:grandchild']);
  });

  it('rethrows a subscriber error to the publisher instead of losing it out-of-band', () => {
    const bus = new Bus(new LogicalClock());
    bus.subscribe(() => {
      throw new Error('subscriber bug');
    });
    expect(() => bus.publish(msg('x'))).toThrow('subscriber bug');
  });
});
