// Load the world package before a world module: worlds/*.ts → src/world/index.ts → resolveWorld → worlds/index.ts is a cycle
// that throws (TDZ) when a world module is the first to be imported.
import '../../src/world/index.ts';
import { camelAgents, camelInstructions } from '../../agents/camelAgents.ts';
import type { CamelTask } from '../../agents/camelTasks.ts';
import { relayAgents, relayInstructions, relayRoles } from '../../agents/relayAgents.ts';
import { systemPrompt } from '../../src/agent/systemPrompt.ts';
import type { ChatMessage } from '../../src/core/chat.ts';
import type { TruthLabel } from '../../src/core/events.ts';
import { AgentSpecSchema, type AgentSpec, type AgentSpecInput } from '../../src/core/specs.ts';
import { createRng, deriveSeed } from '../../src/determinism/rng.ts';
import { SYNTHETIC_DEFAULTS, syntheticReply, type SyntheticParams } from '../../src/policies/synthetic/index.ts';
import type { WorldDefinition, WorldView } from '../../src/world/types.ts';
import { camelRoleplay } from '../../worlds/camelRoleplay.ts';
import { relay } from '../../worlds/relay.ts';

/**
 * A small synchronous stand-in for the runner, for the synthetic policy's
 * tests: the real worlds (crediting, boards, schedulers), agents' working
 * memory as the agent machine keeps it (a window of entries after the system
 * prompt), and optional mitigation-style notes injected through the context.
 */

export interface SimMessage {
  readonly turn: number;
  readonly from: string;
  readonly call: number;
  readonly content: string;
  readonly truth: readonly TruthLabel[];
  /** Goal progress after this message. */
  readonly progress: number;
  /** The context the reply was made from. */
  readonly context: readonly ChatMessage[];
}

export interface SimResult {
  readonly messages: readonly SimMessage[];
  readonly progress: number;
  readonly ended: 'done' | 'goal' | 'cap';
}

export interface SimOptions {
  readonly seed: number;
  readonly params?: SyntheticParams | ((agent: string) => SyntheticParams);
  readonly window?: number;
  /** Notes (e.g. a goal re-injection) put into an agent's memory just before its turn. */
  readonly notes?: (agent: string, turn: number, spec: AgentSpec) => ChatMessage[];
}

const remember = (memory: ChatMessage[], entry: ChatMessage, window: number): void => {
  memory.push(entry);
  if (memory.length > window) memory.splice(0, memory.length - window);
};

function run<S>(
  world: WorldDefinition<any, S, any>,
  params: unknown,
  inputs: AgentSpecInput[],
  options: SimOptions,
  maxTurns: number,
  stop: (content: string, from: string, progress: number, messages: number) => SimResult['ended'] | null,
): SimResult {
  const specs = inputs.map((a) => AgentSpecSchema.parse(a));
  const ids = specs.map((s) => s.id);
  const team = specs.map((s) => ({ id: s.id, role: s.role }));
  const window = options.window ?? 24;
  const paramsOf = (id: string): SyntheticParams =>
    typeof options.params === 'function' ? options.params(id) : (options.params ?? SYNTHETIC_DEFAULTS);
  const prompts = new Map(specs.map((s) => [s.id, systemPrompt(s.id, s.role, s.goal, team, world.instructions(params, s.id))]));
  const memories = new Map<string, ChatMessage[]>(ids.map((id) => [id, []]));
  const calls = new Map<string, number>(ids.map((id) => [id, 0]));
  const worldRng = createRng(deriveSeed(options.seed, 'world'));
  const schedRng = createRng(deriveSeed(options.seed, 'scheduler'));
  let state = world.init(params, worldRng);
  const note = (content: string): void => {
    for (const id of ids) remember(memories.get(id)!, { role: 'user', name: 'world', content }, window);
  };
  const opening = world.opening?.(state) ?? null;
  if (opening !== null) note(opening);
  const scheduler = world.scheduler(params);
  const out: SimMessage[] = [];
  let progress = world.progress(state);
  for (let turn = 1; turn <= maxTurns; turn++) {
    const view: WorldView<S> = { state, turn, messages: out.length, last: null, progress, agents: ids };
    for (const agent of scheduler.next(view, schedRng)) {
      const spec = specs.find((s) => s.id === agent)!;
      const memory = memories.get(agent)!;
      for (const n of options.notes?.(agent, turn, spec) ?? []) remember(memory, n, window);
      const context: ChatMessage[] = [{ role: 'system', name: null, content: prompts.get(agent)! }, ...memory];
      const call = calls.get(agent)!;
      calls.set(agent, call + 1);
      const reply = syntheticReply(context, paramsOf(agent), deriveSeed(options.seed, `agent:${agent}`), agent, call);
      remember(memory, { role: 'assistant', name: agent, content: reply.content }, window);
      for (const id of ids) if (id !== agent) remember(memories.get(id)!, { role: 'user', name: agent, content: reply.content }, window);
      const message = { seq: out.length, turn, from: agent, to: null, content: reply.content };
      if (world.onMessage) {
        const r = world.onMessage(state, message, worldRng);
        state = r.state;
        if (r.note) note(r.note);
      }
      const raw = world.parseAction?.(reply.content) ?? null;
      if (raw !== null && world.actionSchema && world.apply) {
        const parsed = world.actionSchema.safeParse(raw);
        if (parsed.success) {
          const r = world.apply(state, parsed.data, spec, worldRng);
          state = r.state;
          if (r.note) note(r.note);
        }
      }
      progress = world.progress(state);
      out.push({ turn, from: agent, call, content: reply.content, truth: reply.truth, progress, context });
      const ended = stop(reply.content, agent, progress, out.length);
      if (ended) return { messages: out, progress, ended };
    }
  }
  return { messages: out, progress, ended: 'cap' };
}

/** A CAMEL role play of `task` with the synthetic policy, 40 messages at most. */
export function simulateCamel(task: CamelTask, options: SimOptions): SimResult {
  return run(camelRoleplay, { task: task.id }, camelAgents(task), options, 40, (content, from, _p, n) =>
    from === 'user' && content.includes('<CAMEL_TASK_DONE>') ? 'done' : n >= 40 ? 'cap' : null,
  );
}

/** A relay team of `size` on `jobs` jobs with the moderator scheduler, 60 turns at most. */
export function simulateRelay(size: number, jobs: number, options: SimOptions & { testFailRate?: number; project?: string }): SimResult {
  const params = relay.params.parse({ team: size, jobs, project: options.project ?? 'online bookshop', testFailRate: options.testFailRate ?? 0.15 });
  return run(relay, params, relayAgents(size, params.project!), options, 60, (_c, _f, progress) => (progress >= 1 ? 'goal' : null));
}

export { camelInstructions, relayInstructions, relayRoles };

/** Params with the four base hazards at zero: a clean agent. */
export const CLEAN: SyntheticParams = { ...SYNTHETIC_DEFAULTS, flipBase: 0, flakeBase: 0, loopBase: 0, driftBase: 0 };
