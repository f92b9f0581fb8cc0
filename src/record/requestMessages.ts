import type { ChatMessage } from '../core/chat.ts';
import type { EventOf, RunEvent } from '../core/events.ts';

/**
 * Rebuild the full messages of every model request from their delta
 * encoding, keyed `agent:call`. Walks the events once.
 */
export function requestMessages(events: Iterable<RunEvent>): Map<string, ChatMessage[]> {
  const last = new Map<string, ChatMessage[]>();
  const out = new Map<string, ChatMessage[]>();
  for (const e of events) {
    if (e.type !== 'model.request') continue;
    const messages = applyDelta(last.get(e.agent) ?? null, e);
    last.set(e.agent, messages);
    out.set(`${e.agent}:${e.call}`, messages);
  }
  return out;
}

/** One request's messages from the previous request of the same agent (null for its first). */
export function applyDelta(previous: readonly ChatMessage[] | null, e: EventOf<'model.request'>): ChatMessage[] {
  const system = e.system ?? previous?.[0]?.content;
  if (system === undefined) throw new Error(`model.request ${e.agent}:${e.call} (seq ${e.seq}) has no system prompt and no previous request`);
  const window = (previous ?? []).slice(1).slice(e.drop);
  return [{ role: 'system', name: null, content: system }, ...window, ...e.add];
}
