import type { FailureKind, RunEvent } from '../../core/events.ts';

/** A run of consecutive failing replies of one kind by one agent: the unit monitors are scored on. */
export interface TruthEpisode {
  readonly kind: FailureKind;
  readonly agent: string;
  /** Turn (tick) of the first and last failing reply. */
  readonly startTurn: number;
  readonly endTurn: number;
  /** Number of failing replies in the episode. */
  readonly replies: number;
}

/**
 * Group a run's `truth` events into episodes: truth events of the same kind
 * for the same agent belong to one episode while their policy call indices
 * are consecutive (each of the agent's replies in between failed that way).
 * A reply that is not of that kind ends the episode.
 *
 * @example truthEpisodes(events) // [{ kind: 'loop', agent: 'user', startTurn: 7, endTurn: 9, replies: 3 }]
 */
export function truthEpisodes(events: Iterable<RunEvent>): TruthEpisode[] {
  const open = new Map<string, { index: number; lastCall: number }>();
  const out: TruthEpisode[] = [];
  for (const e of events) {
    if (e.type !== 'truth') continue;
    const key = `${e.agent}\u0000${e.kind}`;
    const cur = open.get(key);
    if (cur && (e.call === cur.lastCall || e.call === cur.lastCall + 1)) {
      const ep = out[cur.index]!;
      out[cur.index] = { ...ep, endTurn: e.tick, replies: e.call === cur.lastCall ? ep.replies : ep.replies + 1 };
      cur.lastCall = e.call;
      continue;
    }
    open.set(key, { index: out.length, lastCall: e.call });
    out.push({ kind: e.kind, agent: e.agent, startTurn: e.tick, endTurn: e.tick, replies: 1 });
  }
  return out;
}
