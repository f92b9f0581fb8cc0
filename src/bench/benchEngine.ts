import { childJson } from './childJson.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunEvent } from '../core/events.ts';
import { tuneHeap } from '../cli/tuneHeap.ts';
import { wallClockMs } from '../determinism/clock.ts';
import { RngStreams } from '../determinism/rng.ts';
import { createPolicy } from '../policies/index.ts';
import type { PolicyRequest } from '../policies/Policy.ts';
import { runWorld } from '../runner/index.ts';
import { requestMessages } from '../record/requestMessages.ts';

// The engine alone: monitors have their own bench line (`monitors`), so they are off here.
const relay = { world: 'relay', seed: 1, worldParams: { jobs: 10_000_000, project: 'team chat' }, monitors: { enabled: [] } };

/**
 * Engine throughput on the synthetic relay world with recording on, against a
 * bare loop that does the same policy work (the very same requests, answered
 * by the same synthetic policies) without the engine; and peak RSS of a
 * ~1,000,000-event run in a fresh process next to a ~100,000-event one, both
 * with the CLI's heap policy, and of the ~1M-event run again under V8's
 * default heap growth. (The child runs are sized in turns, from the events per
 * turn of the timed run, so they land near, not exactly on, those counts.)
 *
 * The timed run is long (about 250,000 events, after a warm-up run of the same
 * length), as the runs whose speed matters are. The run records on the
 * recorder thread, so the process uses more than one core: `cpuUsPerEvent`
 * (both threads) and `coresUsed` say how much.
 */
export async function benchEngine(): Promise<Record<string, number>> {
  // Time runs as `troupe run` makes them (this bench has its process to itself: see the bench command).
  tuneHeap();
  const dir = mkdtempSync(join(tmpdir(), 'troupe-bench-'));
  try {
    const turns = 20_000;
    // Warm up the JIT. (The bare loop's requests are collected after the timed runs: held during them, the
    // collection made their heap several times larger than a run's own and their GC correspondingly slower.)
    await runWorld({ config: { ...relay, maxTurns: turns }, out: null });

    const t0 = wallClockMs();
    const cpu0 = process.cpuUsage();
    const timed = await runWorld({ config: { ...relay, maxTurns: turns }, out: dir });
    const engineMs = wallClockMs() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuUs = cpu.user + cpu.system;
    const t2 = wallClockMs();
    const monitored = await runWorld({ config: { ...relay, monitors: { enabled: null }, maxTurns: turns }, out: dir });
    const monitoredMs = wallClockMs() - t2;

    const events: RunEvent[] = [];
    const collected = await runWorld({ config: { ...relay, maxTurns: turns }, out: null, onEvent: (e) => events.push(e) });
    const requests: PolicyRequest[] = [...requestMessages(events)].map(([key, messages]) => {
      const [agent, call] = key.split(':');
      return { agent: agent!, call: Number(call), messages };
    });
    events.length = 0;

    // Same policies with the same seeds as the runner gives them (stream `agent:<id>` of the run seed).
    const streams = new RngStreams(relay.seed);
    const policies = new Map(collected.config.agents.map((a) => [a.id, createPolicy(a.policy, { agent: a, seed: streams.seedOf(`agent:${a.id}`) })]));
    const t1 = wallClockMs();
    let chars = 0;
    for (const r of requests) {
      const out = policies.get(r.agent)!.decide(r);
      if (!(out instanceof Promise)) chars += out.attempts[0]!.reply!.content.length;
    }
    const bareMs = wallClockMs() - t1;
    if (chars === 0) throw new Error('bare loop did no work');

    // Peak RSS as the CLI runs (with its heap policy, see cli/tuneHeap.ts), at 1M and at 100k events; and the
    // 1M run under V8's default heap growth, which differs only in how much garbage the heap holds between GCs.
    // Sized from the timed run's own events per turn (relay makes ~12.5), so the runs are the size their names say.
    const eventsPerTurn = timed.events / timed.turns;
    const big = child(1_000_000, eventsPerTurn, dir);
    const small = child(100_000, eventsPerTurn, dir);
    const v8Default = child(1_000_000, eventsPerTurn, dir, ['v8-default']);
    return {
      eventsPerSec: Math.round(timed.events / (engineMs / 1000)),
      usPerEvent: (engineMs * 1000) / timed.events,
      turnsPerSec: Math.round(timed.turns / (engineMs / 1000)),
      ratioToBare: engineMs / bareMs,
      cpuUsPerEvent: cpuUs / timed.events,
      coresUsed: cpuUs / 1000 / engineMs,
      eventsTimed: timed.events,
      eventsPerSecWithMonitors: Math.round(monitored.events / (monitoredMs / 1000)),
      peakRssMb: big.maxRssMb,
      events1M: big.events,
      peakRssMb100k: small.maxRssMb,
      peakRssMb1MDefaultV8Heap: v8Default.maxRssMb,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Run about `events` worth of relay turns (at `eventsPerTurn`) in a fresh process and read its peak RSS. */
function child(events: number, eventsPerTurn: number, dir: string, args: string[] = []): { events: number; maxRssMb: number } {
  const script = fileURLToPath(new URL('./engineChild.ts', import.meta.url));
  const turns = Math.ceil(events / eventsPerTurn);
  return childJson<{ events: number; maxRssMb: number }>(['--import', 'tsx', script, String(turns), dir, ...args]);
}
