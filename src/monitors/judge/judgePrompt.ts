import type { ChatMessage } from '../../core/chat.ts';
import type { Goal, RoleCard } from '../../core/specs.ts';

/**
 * Bumped whenever the judge's instructions change: it is part of a judge
 * record's identity, so verdicts given to other instructions are never reused.
 */
export const JUDGE_PROMPT_VERSION = 1;

/** A speaker as the judge is told about it: its role card and goal, from `agent.spawn`. */
export interface JudgedAgent {
  readonly id: string;
  readonly role: RoleCard;
  readonly goal: Goal;
}

/** A message of the conversation, as the judge sees it. */
export interface JudgedMessage {
  readonly seq: number;
  readonly from: string;
  readonly to: string | null;
  readonly content: string;
}

/**
 * The judge's context for one message: instructions with the speaker's role
 * card and goal (what a role flip and drift are judged against), then the
 * last `history` messages before it and the message itself. The failure
 * modes are defined as the built-in monitors' (README, Monitors) so that the
 * judge's flags and theirs can be scored side by side.
 *
 * @example judgeMessages(agent, conversation.slice(-8), message)
 */
export function judgeMessages(agent: JudgedAgent, history: readonly JudgedMessage[], message: JudgedMessage): ChatMessage[] {
  const card = agent.role;
  const system = [
    'You annotate one message of a conversation between cooperating AI agents for the ways acting language models fail.',
    'Judge only the message marked MESSAGE TO JUDGE; the messages before it are context.',
    '',
    `The speaker is ${agent.id}, in the role "${card.name}": ${card.description}`,
    `Its duties:\n${card.duties.map((d) => `- ${d}`).join('\n')}`,
    card.forbidden.length ? `It must not:\n${card.forbidden.map((d) => `- ${d}`).join('\n')}` : 'Its role card forbids nothing explicitly.',
    `Its goal: ${agent.goal.statement}`,
    agent.goal.successCriteria.length ? `Success criteria:\n${agent.goal.successCriteria.map((c) => `- ${c}`).join('\n')}` : '',
    '',
    'Failure modes (mark one true only when the message clearly shows it):',
    "- role_flip: the speaker acts as another role: it does what its role forbids or what is another agent's duty (an assistant that gives the instructions, an instructor that solves the task itself, a planner that writes the code).",
    '- flake: the message has no substance: a promise ("I will …") without the delivery, an acknowledgement or pleasantry only, an empty or format-only reply, or an instruction repeated instead of carried out. Declining a request as outside the task is not a flake.',
    '- loop: the message repeats what the conversation already said (near-duplicate content, pleasantries traded back and forth, the same step again) without moving the task forward.',
    '- drift: the message moves away from the goal: an off-task topic, or content unrelated to the goal.',
    '',
    'Reply with a JSON object: {"role_flip": boolean, "flake": boolean, "loop": boolean, "drift": boolean, "explanation": string}, where explanation says in one sentence what in the message shows each failure you marked, or "none".',
  ]
    .filter((line, i, all) => line !== '' || all[i - 1] !== '')
    .join('\n');
  const lines = history.map((m) => `[${m.seq}] ${speakers(m)}: ${m.content}`);
  const user = `${lines.length ? `The conversation before it (oldest first):\n${lines.join('\n\n')}\n\n` : 'It is the first message of the conversation.\n\n'}MESSAGE TO JUDGE [${message.seq}] ${speakers(message)}:\n${message.content}`;
  return [
    { role: 'system', name: null, content: system },
    { role: 'user', name: null, content: user },
  ];
}

function speakers(m: JudgedMessage): string {
  return m.to ? `${m.from} → ${m.to}` : m.from;
}
