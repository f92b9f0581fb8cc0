/**
 * Text of the CAMEL role play, per speech act. Slots: `{step}`/`{Step}` the
 * step being worked on, `{s1}`–`{s2}` its words, `{a}`/`{b}` task words that
 * are *not* the step's (so failed replies never cover the step by accident),
 * `{title}` the task, `{verb}` a past-tense verb, `{next}`/`{Next}` the step
 * after, `{prev}`/`{Prev}` a step already solved.
 *
 * Clean text avoids pleasantry words, directives ("you should …") and
 * off-task vocabulary, so that the model can read its own past state back
 * from the context; failure text uses the task's words, so that a monitor
 * cannot tell them apart by vocabulary alone.
 */

export const INSTRUCTIONS = [
  'Instruction: {Step}.\nInput: None',
  'Instruction: Please {step}.\nInput: None',
  'Instruction: Next, {step}.\nInput: None',
  'Instruction: {Step}, and show the key details.\nInput: None',
  'Instruction: Now {step}.\nInput: Keep it consistent with the {a} work.',
  'Great.\nInstruction: {Step}.\nInput: None',
  'Thanks.\nInstruction: Please {step}.\nInput: None',
  'Instruction: {Step}.\nInput: Keep the {a} and {b} context of the task in mind.',
];

/** The same step again after a reply that did not solve it. */
export const REINSTRUCTIONS = [
  'Instruction: That did not answer it. {Step}.\nInput: None',
  'Instruction: Please {step}, with a complete and concrete solution this time.\nInput: None',
  "Instruction: Let's try again: {step}.\nInput: None",
  'Instruction: I still need this step: {step}.\nInput: Concrete details, not a plan.',
  'Instruction: Back to the step at hand. {Step}.\nInput: None',
];

export const SOLUTIONS = [
  'Solution: To {step}, I {verb} it in three parts. First, I collect the {s1} inputs and check them for gaps. Second, I write a small function that handles the {s2} logic and returns a clear result. Third, I test it on a short example with {a} data to make sure it behaves as expected.\nNext request.',
  'Solution: Here is how to {step}:\n1. Gather everything needed for the {s1} part.\n2. Implement the {s2} step with sensible defaults.\n3. Check the output against the {a} requirements.\nThe result is ready to build on.\nNext request.',
  'Solution: Sure. I {verb} the work to {step} as follows: the {s1} data goes in, the {s2} logic is applied, and the result is stored for the {a} step later on. I checked it on a small sample and it works.\nNext request.',
  'Solution: Let me walk through it. To {step}, I used a simple and explicit approach: define the {s1} fields, compute the {s2} values, and keep the {a} and {b} details consistent. For example, one record in, one checked result out.\nNext request.',
  'Solution: Done. I {verb} a version that does this: {step}. It covers the {s1} and {s2} cases, and the output is easy to verify against the {a} notes.\nNext request.',
  'Solution: I will outline the approach first and then give the result. To {step}, I {verb} a short routine: it reads the {s1} data, applies the {s2} rule, and returns a checked value for the {a} work.\nNext request.',
  "Solution: To {step}, here is a sketch:\n```\nresult = {s1}_{s2}(inputs)\nassert check(result, '{a}')\n```\nThe function takes the inputs, applies the {s2} rule and returns a value the next steps can use.\nNext request.",
];

/** The assistant has no instruction to answer (e.g. after a pleasantry). */
export const READY = [
  'Solution: I am ready for the next step of our task ({title}).\nNext request.',
  'Solution: The previous part is in place. Standing by for the following instruction on the {a} work.\nNext request.',
  'Solution: Nothing new to solve in that message; the {a} part stays as it is.\nNext request.',
  'Solution: Ready to continue whenever the next instruction arrives.\nNext request.',
];

/** A clean answer to an off-task instruction: decline and come back to the task. */
export const STEER_BACK = [
  'Solution: That is outside our task. Let us stay with the {a} work: {title}.\nNext request.',
  'Solution: I would rather keep to the {a} and the {b}; that request is off our task.\nNext request.',
];

export const SOLVER_PROMISE = [
  'Solution: I will take care of that and come back with the {a} details shortly.\nNext request.',
  "Solution: Sure, I'll work on this part of the {a} next and share it once it is ready.\nNext request.",
  "Let me think about the best way to approach this. I'll follow up with a full answer on the {a} soon.\nNext request.",
  'Solution: I am going to prepare this carefully; expect the {a} and {b} details in my next message.\nNext request.',
];
export const SOLVER_ACK = ['Understood.\nNext request.', 'Solution: Noted, that makes sense.\nNext request.', 'Got it, sounds good.\nNext request.', 'Solution: Okay.\nNext request.'];
/** Answers with no substance: nothing wrong on the surface, nothing delivered. */
export const SOLVER_VAGUE = [
  'Solution: The best approach here depends on the {a} and the {b}; a standard, well-tested method will work fine.\nNext request.',
  'Solution: This is straightforward. Following common practice for the {a} gives a good result, and the {b} takes care of itself.\nNext request.',
  'Solution: There are several ways to handle this, each with trade-offs for the {a}. Any of them is a reasonable choice.\nNext request.',
];
export const SOLVER_ECHO = [
  'You want me to {step}. Understood, I will do that.\nNext request.',
  'So the instruction is: {step}. I will get to it.\nNext request.',
  'Instruction received: {step}.\nNext request.',
];
export const SOLVER_EMPTY = ['Solution:\nNext request.', 'Solution: ...\nNext request.', 'Next request.'];

/** The assistant takes the instructor's role. */
export const SOLVER_FLIPS = [
  'Instruction: {Next}.\nInput: None',
  'Instruction: Explain which {a} constraints matter most to you.\nInput: None',
  'Solution: Before I continue, you should decide the {a} and {b} details yourself and send me the result.\nNext request.',
  'Now it is your turn: please provide the {a} requirements, and your next task is to check the {b} part yourself.',
];

export const INSTRUCTOR_PROMISE = [
  'Let me think about what we need next.',
  'Good progress so far. I will send the next instruction shortly.',
  "I'll prepare the next instruction about the {a} in a moment.",
];
export const INSTRUCTOR_ACK = ['Noted.', 'Okay, understood.', 'Alright, sounds good.'];
/** An instruction for a step that was already solved (CAMEL's instruction repetition). */
export const INSTRUCTOR_REPEAT = ['Instruction: {Prev}.\nInput: None', 'Instruction: Please {prev}.\nInput: None'];

/** The instructor does the solver's work. */
export const INSTRUCTOR_FLIPS = [
  'Solution: To {step}, I {verb} it myself: I gathered the {s1} inputs and computed the {s2} part directly.\nNext request.',
  'I went ahead and did it: to {step}, I {verb} the {s1} part and checked the {s2} output. Next request.',
  'Here is my own answer, no need to wait: to {step}, start from the {s1} data and finish with the {s2} check. I did it myself: it works.',
];

export const VERBS = ['set up', 'wrote', 'implemented', 'built', 'prepared', 'completed', 'drafted', 'designed'];
