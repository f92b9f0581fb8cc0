import { z } from 'zod';
import { camelAgents, camelInstructions, camelScript, CAMEL_ASSISTANT, CAMEL_USER } from '../agents/camelAgents.ts';
import { CAMEL_DONE_TOKEN, CAMEL_STEP_MATCH, camelTasks, type CamelTask } from '../agents/camelTasks.ts';
import { coverage } from '../src/core/text.ts';
import { defineWorld } from '../src/world/defineWorld.ts';
import { roundRobin } from '../src/world/schedulers.ts';
import { doneToken, maxMessages } from '../src/world/termination.ts';
import type { EnvOutcome } from '../src/world/types.ts';

const taskIds = camelTasks.map((t) => t.id) as [string, ...string[]];

const INSTRUCTION_MATCH = CAMEL_STEP_MATCH.instruction;
const SOLUTION_MATCH = CAMEL_STEP_MATCH.solution;

interface CamelState {
  readonly task: string;
  /** Steps the assistant has solved (credited once each). */
  readonly solved: readonly boolean[];
  /** The step the user's last instruction targets, if any. */
  readonly pending: number | null;
}

function taskOf(id: string): CamelTask {
  return camelTasks.find((t) => t.id === id)!;
}

const unchanged = (state: CamelState): EnvOutcome<CamelState> => ({ state, changed: false, ok: true, reason: null, note: null });

/**
 * CAMEL's two-agent role play (Li et al. 2023): the AI user instructs one step
 * per turn (`Instruction: … Input: …`), the AI assistant answers
 * (`Solution: … Next request.`), the user ends with `<CAMEL_TASK_DONE>`; 40
 * messages at most. Goal progress is the share of the task's steps that were
 * instructed and then actually solved on topic, so a flake, an off-topic reply
 * or a flipped role earns nothing.
 */
export const camelRoleplay = defineWorld<{ task: string | null }, CamelState>({
  id: 'camel-roleplay',
  description: "CAMEL role play: an AI user instructs an AI assistant step by step until <CAMEL_TASK_DONE> (cap 40 messages).",
  params: z.object({ task: z.enum(taskIds).nullable().default(null) }),
  maxTurns: 40,
  resolveParams: (params, rng) => ({ task: params.task ?? rng.pick(taskIds) }),
  agents: (params) => camelAgents(taskOf(params.task!)),
  instructions: (params, agentId) => camelInstructions(taskOf(params.task!), agentId),
  script: (params) => camelScript(taskOf(params.task!)),
  init: (params) => ({ task: params.task!, solved: taskOf(params.task!).steps.map(() => false), pending: null }),
  scheduler: () => roundRobin(),
  addressee: (_params, from) => (from === CAMEL_USER ? CAMEL_ASSISTANT : CAMEL_USER),
  onMessage: (state, message) => {
    const steps = taskOf(state.task).steps;
    if (message.from === CAMEL_USER && message.content.includes('Instruction:')) {
      let best: number | null = null;
      let bestScore = INSTRUCTION_MATCH;
      for (let i = 0; i < steps.length; i++) {
        const score = coverage(steps[i]!, message.content);
        if (score > bestScore || (best === null && score >= bestScore)) [best, bestScore] = [i, score];
      }
      return best === state.pending ? unchanged(state) : { ...unchanged(state), state: { ...state, pending: best }, changed: true };
    }
    if (message.from === CAMEL_ASSISTANT && state.pending !== null) {
      const step = state.pending;
      const solves = /^\s*Solution:/.test(message.content) && coverage(steps[step]!, message.content) >= SOLUTION_MATCH;
      if (!solves || state.solved[step]) return { ...unchanged(state), state: { ...state, pending: null }, changed: true };
      const solved = state.solved.map((s, i) => s || i === step);
      return { state: { ...state, solved, pending: null }, changed: true, ok: true, reason: null, note: null };
    }
    return unchanged(state);
  },
  // CAMEL's own reading of a message: an `Instruction:` instructs, a `Solution:` solves.
  actOf: (content) => (content.includes('Instruction:') ? 'instruct' : /^\s*Solution:/.test(content) ? 'solve' : null),
  progress: (state) => state.solved.filter(Boolean).length / state.solved.length,
  termination: () => [doneToken(CAMEL_DONE_TOKEN, CAMEL_USER), maxMessages(40)],
});
