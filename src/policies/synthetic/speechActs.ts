/**
 * How the synthetic model reads the speech act of one message: surface cues a
 * language model would pick up (CAMEL's format lines, an `ACTION:` line,
 * pleasantries, directives aimed at the other agent). One message at a time,
 * so the cost is bounded by the message, never by the context.
 */

export type Pleasantry = 'thanks' | 'welcome' | 'bye';

export interface SpeechAct {
  /** A line opening with `Instruction:` (CAMEL's instructor format). */
  readonly instruction: boolean;
  /** The message opens with `Solution:` (CAMEL's assistant format). */
  readonly solution: boolean;
  /** CAMEL's done token. */
  readonly done: boolean;
  /** The act on the last `ACTION: <act>` line, lower-cased, or null. */
  readonly declaredAct: string | null;
  /** The strongest pleasantry in the message, if any. */
  readonly pleasantry: Pleasantry | null;
  /** Directive language aimed at another agent ("you should …", "please provide …"). */
  readonly directive: boolean;
  /** Claims of having done someone else's solving work ("I went ahead and …"). */
  readonly selfSolved: boolean;
}

const INSTRUCTION_LINE = /(?:^|\n)\s*Instruction:/;
const ACTION_LINE = /(?:^|\n)ACTION:\s*([A-Za-z]+)\s*$/;
const BYE = /\b(?:good ?bye|bye|take care|farewell)\b/;
const WELCOME = /\b(?:you(?:'re| are) (?:very |most )?welcome|my pleasure|glad to help|happy to help|anytime)\b/;
const THANKS = /\b(?:thank|thanks|appreciate)\b/;
const DIRECTIVE = /\b(?:you should|you need to|your next task|please provide|i need you to|send me|tell me the)\b/;
const SELF_SOLVED = /\b(?:i went ahead and|i did (?:it|this) myself|myself:|i solved it)\b/;

/** Read the speech-act cues of one message. */
export function readSpeechAct(content: string): SpeechAct {
  const lower = content.toLowerCase();
  const pleasantry: Pleasantry | null = BYE.test(lower) ? 'bye' : WELCOME.test(lower) ? 'welcome' : THANKS.test(lower) ? 'thanks' : null;
  return {
    instruction: INSTRUCTION_LINE.test(content),
    solution: content.trimStart().startsWith('Solution:'),
    done: content.includes('<CAMEL_TASK_DONE>'),
    declaredAct: ACTION_LINE.exec(content)?.[1]?.toLowerCase() ?? null,
    pleasantry,
    directive: DIRECTIVE.test(lower),
    selfSolved: SELF_SOLVED.test(lower),
  };
}

/**
 * Does a message by a speaker owning `acts` act outside its role? Relay roles
 * declare their act; CAMEL roles show it by format: an instructor that
 * solves, or a solver that instructs or directs its instructor.
 */
export function isOutOfRole(act: SpeechAct, acts: readonly string[]): boolean {
  if (act.declaredAct !== null && act.declaredAct !== 'wait') return !acts.includes(act.declaredAct);
  const instructs = acts.includes('instruct');
  const solves = acts.includes('solve');
  if (solves && !instructs) return act.instruction || act.directive;
  if (instructs && !solves) return act.solution || act.selfSolved;
  return false;
}
