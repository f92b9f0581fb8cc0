import type { RunEvent } from '../../src/core/events.ts';
import { AgentSpecSchema, type AgentSpecInput } from '../../src/core/specs.ts';
import { camelAgents } from '../../agents/camelAgents.ts';
import { camelTasks } from '../../agents/camelTasks.ts';
import { relayAgents } from '../../agents/relayAgents.ts';

/** One line of a hand-written conversation: who speaks, what, and (optionally) at which turn. */
export interface Line {
  readonly from: string;
  readonly content: string;
  readonly turn?: number;
}

/**
 * The events a run of `agents` saying `lines` would publish: `agent.spawn`
 * per agent, then one `message` per line. Turns default to one per CAMEL
 * exchange (a new turn at each line of the first speaker), else one per line.
 */
export function conversation(agents: readonly AgentSpecInput[], lines: readonly Line[]): RunEvent[] {
  const events: RunEvent[] = [];
  let seq = 0;
  for (const a of agents) {
    const spec = AgentSpecSchema.parse(a);
    events.push({ type: 'agent.spawn', agent: spec.id, role: spec.role, goal: spec.goal, policy: spec.policy.kind, seq: seq++, tick: 0 });
  }
  let turn = 0;
  for (const l of lines) {
    turn = l.turn ?? turn + 1;
    events.push({ type: 'message', from: l.from, to: null, content: l.content, seq: seq++, tick: turn });
  }
  return events;
}

/** CAMEL agents of the first built-in task (trading bot) unless another is named. */
export function camel(taskId = 'trading-bot'): AgentSpecInput[] {
  return camelAgents(camelTasks.find((t) => t.id === taskId)!);
}

/** A relay team of four on the bookshop project. */
export function relay(): AgentSpecInput[] {
  return relayAgents(4, 'online bookshop');
}

/** Alternate CAMEL lines: user, assistant, user, … */
export function exchange(...contents: string[]): Line[] {
  return contents.map((content, i) => ({ from: i % 2 === 0 ? 'user' : 'assistant', content, turn: Math.floor(i / 2) + 1 }));
}
