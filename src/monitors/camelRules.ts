import type { FailureKind } from '../core/events.ts';
import type { AgentView, Conversation, MessageView } from './Conversation.ts';
import { defineMonitor, evidenceOf, finding, type Finding, type FlagInput, COUNT } from './defineMonitor.ts';

/** CAMEL's repeat words (`examples/ai_society/role_playing_multiprocess.py`). */
const REPEAT_WORDS = ['goodbye', 'good bye', 'thank', 'bye', 'welcome', 'language model'];

/** The rule each camel-rules flag reports (its explanation starts with it), and the failure kind it stands for. */
export const CAMEL_RULES = {
  'role flip': 'role-flip',
  stall: 'flake',
  loop: 'loop',
  'message cap': null,
} as const satisfies Record<string, FailureKind | null>;

/** The failure kind a camel-rules flag stands for, from the rule its explanation names. */
export function camelRuleKind(flag: Pick<FlagInput, 'explanation'>): FailureKind | null {
  const rule = flag.explanation.slice(0, flag.explanation.indexOf(':'));
  return (CAMEL_RULES as Record<string, FailureKind | null>)[rule] ?? null;
}

/**
 * CAMEL's own termination detectors as a conformance monitor (Li et al. 2023,
 * `role_playing_multiprocess.py`): the assistant writes `Instruction:` (role
 * flip); the user gives no `Instruction:` for 3 messages in a row (stall); a
 * repeat word (thank, bye, goodbye, welcome, "language model") in 4
 * consecutive exchanges (loop); the done token ends the conversation; 40
 * messages is the cap (an `info` flag). Active only when one agent's card owns
 * `instruct` and another's owns `solve`. Where CAMEL stops, this monitor flags
 * and resets its counter. CAMEL's loop counter resets on every repeat word
 * that is absent (a quirk of its for-loop); here one check is one exchange.
 */
export const camelRules = defineMonitor({
  name: 'camel-rules',
  kind: null,
  summary: "CAMEL's termination detectors: assistant 'Instruction:', user stall, thank/bye loops, done token, 40-message cap",
  params: {
    stallMessages: { value: 3, doc: 'user messages in a row without "Instruction:" that make a stall (CAMEL: 3)', range: COUNT },
    loopChecks: { value: 4, doc: 'consecutive exchanges with a repeat word that make a loop (CAMEL: 4)', range: COUNT },
    maxMessages: { value: 40, doc: 'message cap (CAMEL: 40); reaching it raises one info flag', range: COUNT },
  },
  create: (p) => {
    let noInstruction = 0;
    let repeats = 0;
    let messages = 0;
    let done = false;
    let lastUser: MessageView | null = null;
    const roles = (c: Conversation): { user: AgentView; assistant: AgentView } | null => {
      const agents = [...c.agents.values()];
      const user = agents.find((a) => a.acts.has('instruct'));
      const assistant = agents.find((a) => a.acts.has('solve'));
      return user && assistant && user !== assistant ? { user, assistant } : null;
    };
    return {
      onMessage: (m: MessageView, c: Conversation): Finding | null => {
        const r = roles(c);
        if (!r || done) return null;
        messages++;
        if (m.from === r.user.id) {
          lastUser = m;
          if (m.content.includes('<CAMEL_TASK_DONE>')) {
            done = true;
            return null;
          }
          noInstruction = m.content.includes('Instruction:') ? 0 : noInstruction + 1;
          if (noInstruction >= p.stallMessages) {
            noInstruction = 0;
            return finding(m, 0.8, 'warning', `stall: ${m.from} gave no instruction for ${p.stallMessages} messages`);
          }
        } else if (m.from === r.assistant.id) {
          if (m.content.includes('Instruction:')) {
            return finding(m, 1, 'critical', `role flip: ${m.from} wrote "Instruction:"`, { at: m.content.indexOf('Instruction:') });
          }
          const exchange = `${lastUser?.content ?? ''}\n${m.content}`.toLowerCase();
          repeats = REPEAT_WORDS.some((w) => exchange.includes(w)) ? repeats + 1 : 0;
          if (repeats >= p.loopChecks) {
            repeats = 0;
            return finding(m, 0.8, 'warning', `loop: a repeat word in ${p.loopChecks} consecutive exchanges`, {
              evidence: [...(lastUser ? [evidenceOf(lastUser)] : []), evidenceOf(m)],
            });
          }
        }
        if (messages === p.maxMessages) return finding(m, 0.3, 'info', `message cap: ${p.maxMessages} messages reached (CAMEL would stop here)`);
        return null;
      },
    };
  },
});
