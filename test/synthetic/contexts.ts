import { camelAgents, camelInstructions, camelScript } from '../../agents/camelAgents.ts';
import { camelTasks, type CamelTask } from '../../agents/camelTasks.ts';
import { systemPrompt } from '../../src/agent/systemPrompt.ts';
import type { ChatMessage } from '../../src/core/chat.ts';
import { AgentSpecSchema } from '../../src/core/specs.ts';

/** Contexts as the runner builds them, for probing the synthetic model one call at a time. */

export const TRADING: CamelTask = camelTasks[0]!;

/** The system prompt `agent` ('user' or 'assistant') gets in a CAMEL run of `task`. */
export function camelPrompt(task: CamelTask, agent: string): ChatMessage {
  const specs = camelAgents(task).map((a) => AgentSpecSchema.parse(a));
  const team = specs.map((s) => ({ id: s.id, role: s.role }));
  const spec = specs.find((s) => s.id === agent)!;
  return { role: 'system', name: null, content: systemPrompt(agent, spec.role, spec.goal, team, camelInstructions(task, agent)) };
}

export function goalOf(task: CamelTask, agent: string): string {
  return AgentSpecSchema.parse(camelAgents(task).find((a) => a.id === agent)!).goal.statement;
}

export function roleNameOf(task: CamelTask, agent: string): string {
  return agent === 'user' ? task.user.name : task.assistant.name;
}

/** An entry of `agent`'s context: its own messages as `assistant`, others' as `user` with their name. */
export function entry(agent: string, from: string, content: string): ChatMessage {
  return from === agent ? { role: 'assistant', name: agent, content } : { role: 'user', name: from, content };
}

/**
 * `n` entries of a clean CAMEL conversation (the scripted reference texts,
 * cycled), as `agent` sees them, ending with the user's instruction when
 * `agent` is the assistant and with the assistant's solution when it is the user.
 */
export function cleanConversation(task: CamelTask, agent: string, n: number): ChatMessage[] {
  const script = camelScript(task);
  const turns: { from: string; content: string }[] = [];
  const steps = task.steps.length;
  for (let i = 0; turns.length < n + 2; i++) {
    turns.push({ from: 'user', content: script.user![i % steps]! });
    turns.push({ from: 'assistant', content: script.assistant![i % steps]! });
  }
  const wanted = agent === 'assistant' ? 'user' : 'assistant';
  let end = turns.length;
  while (turns[end - 1]!.from !== wanted) end--;
  return turns.slice(Math.max(0, end - n), end).map((t) => entry(agent, t.from, t.content));
}

/** The context of `agent` after `n` clean entries (the window the runner would show). */
export function lateContext(task: CamelTask, agent: string, n = 24): ChatMessage[] {
  return [camelPrompt(task, agent), ...cleanConversation(task, agent, n)];
}

// Mitigation-style notes, as mitigations put them into a context (role `system`, named after the mitigation).

export function goalNote(task: CamelTask, agent: string): ChatMessage {
  return { role: 'system', name: 'goal-reinjection', content: `Remember your goal: ${goalOf(task, agent)} Keep every reply on it.` };
}

export function roleReminder(task: CamelTask, agent: string): ChatMessage {
  return { role: 'system', name: 'role-reminder', content: `You are ${agent}, the ${roleNameOf(task, agent)}. Never flip roles; do only your own acts.` };
}

export function loopBreaker(): ChatMessage {
  return { role: 'system', name: 'loop-breaker', content: 'You are going in circles. Reply with the next concrete step, or a summary of progress so far.' };
}

/** Neutral text of similar length: no goal, no role, no request for a step or summary. */
export function placebo(): ChatMessage {
  return { role: 'system', name: 'placebo', content: 'Note: this conversation is archived for later reading. The archive keeps messages in order.' };
}
