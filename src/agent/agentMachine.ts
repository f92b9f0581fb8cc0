import { assign, setup } from 'xstate';
import type { ChatMessage } from '../core/chat.ts';
import type { Goal, RoleCard } from '../core/specs.ts';
import { systemPrompt, type TeamEntry } from './systemPrompt.ts';

/** What an agent machine is created with. */
export interface AgentInput {
  readonly id: string;
  readonly role: RoleCard;
  readonly goal: Goal;
  readonly team: readonly TeamEntry[];
  readonly instructions: string;
  /** How many conversation entries the working memory keeps. */
  readonly window: number;
}

/**
 * The agent's context: its explicit goal and role for the whole run (restated
 * in every policy call through `system`), its turn and call counters, and its
 * working memory (a bounded window of what it has observed).
 */
export interface AgentContext {
  readonly id: string;
  readonly role: RoleCard;
  readonly goal: Goal;
  readonly system: ChatMessage;
  readonly window: number;
  readonly turn: number;
  readonly calls: number;
  readonly memory: readonly ChatMessage[];
  readonly lastReply: string | null;
  readonly failure: string | null;
}

export type AgentEvent =
  | { type: 'OBSERVE'; entries: readonly ChatMessage[] }
  | { type: 'TURN'; turn: number; observed: readonly ChatMessage[] }
  | { type: 'DECIDE' }
  | { type: 'DECIDED'; content: string }
  | { type: 'REJECTED'; reason: string }
  | { type: 'ACTED' }
  | { type: 'FINISH' }
  | { type: 'FAIL'; reason: string };

/** Append entries to the working memory, keeping the last `window`. */
const remember = (memory: readonly ChatMessage[], entries: readonly ChatMessage[], window: number): ChatMessage[] => {
  const all = entries.length === 1 ? [...memory, entries[0]!] : [...memory, ...entries];
  return all.length > window ? all.slice(all.length - window) : all;
};

/**
 * An agent as an xstate machine: idle → observing → deciding → acting →
 * waiting → observing …, ending in `done` or `failed`. The machine does no
 * I/O: the runner reads the context it should send (`agentPrompt`), performs
 * the policy call, and feeds the reply back as `DECIDED`.
 */
export const agentMachine = setup({
  types: {
    context: {} as AgentContext,
    events: {} as AgentEvent,
    input: {} as AgentInput,
  },
  actions: {
    observe: assign(({ context, event }) =>
      event.type === 'OBSERVE' ? { memory: remember(context.memory, event.entries, context.window) } : {},
    ),
    // A turn starts by observing everything that happened since the agent's last turn.
    startTurn: assign(({ context, event }) =>
      event.type === 'TURN'
        ? { turn: event.turn, memory: event.observed.length ? remember(context.memory, event.observed, context.window) : context.memory }
        : {},
    ),
    countCall: assign(({ context }) => ({ calls: context.calls + 1 })),
    keepReply: assign(({ context, event }) =>
      event.type === 'DECIDED'
        ? {
            lastReply: event.content,
            memory: remember(context.memory, [{ role: 'assistant', name: context.id, content: event.content }], context.window),
          }
        : {},
    ),
    noteRejection: assign(({ context, event }) =>
      event.type === 'REJECTED'
        ? { memory: remember(context.memory, [{ role: 'system', name: 'role-guard', content: event.reason }], context.window) }
        : {},
    ),
    keepFailure: assign(({ event }) => (event.type === 'FAIL' ? { failure: event.reason } : {})),
  },
}).createMachine({
  id: 'agent',
  context: ({ input }) => ({
    id: input.id,
    role: input.role,
    goal: input.goal,
    system: { role: 'system', name: null, content: systemPrompt(input.id, input.role, input.goal, input.team, input.instructions) },
    window: input.window,
    turn: 0,
    calls: 0,
    memory: [],
    lastReply: null,
    failure: null,
  }),
  initial: 'idle',
  on: {
    OBSERVE: { actions: 'observe' },
    FINISH: '.done',
    FAIL: { target: '.failed', actions: 'keepFailure' },
  },
  states: {
    idle: { on: { TURN: { target: 'observing', actions: 'startTurn' } } },
    observing: { on: { DECIDE: { target: 'deciding', actions: 'countCall' } } },
    deciding: { on: { DECIDED: { target: 'acting', actions: 'keepReply' } } },
    acting: {
      on: {
        ACTED: 'waiting',
        // A guard (e.g. the role guard) refused the act: the reason enters the context and the agent decides again.
        REJECTED: { target: 'deciding', actions: ['noteRejection', 'countCall'] },
      },
    },
    waiting: { on: { TURN: { target: 'observing', actions: 'startTurn' } } },
    done: { type: 'final' },
    failed: { type: 'final' },
  },
});

/** The context a policy call sees: the system prompt (role card + goal, every call) and the memory window. */
export function agentPrompt(context: AgentContext): ChatMessage[] {
  return [context.system, ...context.memory];
}
