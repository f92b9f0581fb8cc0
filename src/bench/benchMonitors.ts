import type { RunEvent } from '../core/events.ts';
import { wallClockMs } from '../determinism/clock.ts';
import { createMonitorSet } from '../monitors/createMonitorSet.ts';
// Importing the synthetic policy's index registers it with createPolicy.
import '../policies/synthetic/index.ts';
import { runWorld } from '../runner/runWorld.ts';

/** Microseconds per message for all default monitors together, on a short and on a long transcript. */
export type MonitorBench = { usPerMessage: number; usPerMessageLong: number };

/** Messages in the short and the long transcript. */
const SHORT = 80;
const LONG = 8000;

/**
 * Cost of all default monitors per message, on a short (80 messages) and a
 * long (8,000 messages) conversation made of synthetic camel-roleplay and
 * relay messages (failures included). Flat figures mean cost is bounded by
 * the window, not by the transcript length. Best of several timed passes.
 *
 * @example const { usPerMessage, usPerMessageLong } = await benchMonitors();
 */
export async function benchMonitors(): Promise<MonitorBench> {
  const camel = await conversation('camel-roleplay', LONG);
  const relay = await conversation('relay', LONG);
  const perMessage = (events: readonly RunEvent[]): number => {
    const messages = events.filter((e) => e.type === 'message').length;
    let best = Number.POSITIVE_INFINITY;
    let spent = 0;
    for (let pass = 0; pass < 20 && (pass < 3 || spent < 400); pass++) {
      const t0 = wallClockMs();
      const set = createMonitorSet({});
      for (const e of events) set.onEvent(e);
      const ms = wallClockMs() - t0;
      spent += ms;
      best = Math.min(best, ms);
    }
    return Math.round(((best * 1000) / messages) * 100) / 100;
  };
  const short = (events: RunEvent[]): RunEvent[] => events.slice(0, indexAfterMessages(events, SHORT));
  // The long transcripts first: their passes warm the JIT, so the short figure measures per-message cost, not
  // compilation. The long figure is the best of at least three passes, so a slower, cold first pass does not set it.
  const usPerMessageLong = (perMessage(camel) + perMessage(relay)) / 2;
  const usPerMessage = (perMessage(short(camel)) + perMessage(short(relay))) / 2;
  return { usPerMessage: Math.round(usPerMessage * 100) / 100, usPerMessageLong: Math.round(usPerMessageLong * 100) / 100 };
}

/** Events of synthetic runs of one world, concatenated (renumbered) until they hold `messages` messages. */
async function conversation(world: string, messages: number): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  let count = 0;
  let tick = 0;
  for (let seed = 1; count < messages; seed++) {
    const params = world === 'relay' ? { project: 'online bookshop', jobs: 8 } : { task: 'trading-bot' };
    const events: RunEvent[] = [];
    await runWorld({ config: { world, seed, worldParams: params, monitors: { enabled: [], params: {} } }, out: null, onEvent: (e) => events.push(e) });
    const base = tick;
    for (const e of events) {
      // One team for the whole transcript: spawn events only from the first run.
      if (e.type === 'agent.spawn' && seed > 1) continue;
      if (e.type === 'message') count++;
      tick = base + e.tick;
      out.push({ ...e, seq: out.length, tick });
    }
  }
  return out;
}

function indexAfterMessages(events: readonly RunEvent[], n: number): number {
  let seen = 0;
  for (let i = 0; i < events.length; i++) if (events[i]!.type === 'message' && ++seen >= n) return i + 1;
  return events.length;
}
