import type { AgentSpecInput } from '../src/core/specs.ts';
import { lowerFirst, upperFirst } from '../src/core/text.ts';
import { CAMEL_DONE_TOKEN, type CamelTask } from './camelTasks.ts';

/** Agent ids of the two CAMEL roles. */
export const CAMEL_USER = 'user';
export const CAMEL_ASSISTANT = 'assistant';

/**
 * CAMEL's two agents for a task: the AI user instructs, the AI assistant
 * solves. Role cards carry CAMEL's inception-prompt rules ("Never flip roles!
 * Never instruct me!") as duties and forbidden acts.
 */
export function camelAgents(task: CamelTask): AgentSpecInput[] {
  return [
    {
      id: CAMEL_USER,
      role: {
        name: task.user.name,
        description: `${task.user.description} You instruct the ${task.assistant.name} to complete the task.`,
        duties: [
          `Give the ${task.assistant.name} one instruction at a time, with an input when useful.`,
          'Check each solution and move on to the next step of the task.',
          `Reply only ${CAMEL_DONE_TOKEN} when the task is complete.`,
        ],
        forbidden: ['Never solve the task yourself.', 'Never flip roles.', 'Never repeat an instruction that was already solved.'],
        acts: ['instruct'],
      },
      goal: { statement: `Get the ${task.assistant.name} to ${lowerFirst(task.title)}.`, successCriteria: [...task.steps] },
    },
    {
      id: CAMEL_ASSISTANT,
      role: {
        name: task.assistant.name,
        description: `${task.assistant.description} You follow the ${task.user.name}'s instructions to complete the task.`,
        duties: [
          'Answer each instruction with a concrete solution that completes it.',
          'Explain the solution with specific details, code or examples.',
          'End every solution with "Next request."',
        ],
        forbidden: [`Never instruct the ${task.user.name}.`, 'Never flip roles.', 'Never answer with a promise instead of a solution.'],
        acts: ['solve'],
      },
      goal: { statement: `Help the ${task.user.name} ${lowerFirst(task.title)}.`, successCriteria: [...task.steps] },
    },
  ];
}

/** World instructions, per CAMEL's inception prompts. */
export function camelInstructions(task: CamelTask, agentId: string): string {
  const common = `Task: ${task.title}. Domain: ${task.domain}.`;
  return agentId === CAMEL_USER
    ? `${common} Instruct me, the ${task.assistant.name}, one step at a time. Write exactly "Instruction: <instruction>" then a new line "Input: <input or None>". Never flip roles! Never solve the task yourself. When the task is complete, reply only ${CAMEL_DONE_TOKEN}.`
    : `${common} Never forget you are the ${task.assistant.name} and I am the ${task.user.name}. Never flip roles! Never instruct me! Start every reply with "Solution: <your solution>" and end it with "Next request."`;
}

/** A clean reference conversation for the scripted policy: every step instructed once and solved once. */
export function camelScript(task: CamelTask): Record<string, string[]> {
  return {
    [CAMEL_USER]: [
      ...task.steps.map((step) => `Instruction: ${upperFirst(step)}.\nInput: None`),
      CAMEL_DONE_TOKEN,
    ],
    [CAMEL_ASSISTANT]: task.steps.map(
      (step, i) =>
        `Solution: To ${step}, I ${['set up', 'wrote', 'implemented', 'built', 'prepared', 'completed'][i % 6]} it as follows, using ${task.vocabulary
          .slice(i % 4, (i % 4) + 3)
          .join(', ')}. The result is ready and checked for the ${task.title.toLowerCase()}.\nNext request.`,
    ),
  };
}
