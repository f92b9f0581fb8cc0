import { CAMEL_DONE_TOKEN, CAMEL_STEP_MATCH } from '../../../agents/camelTasks.ts';
import { decide, type Behaviour } from './decide.ts';
import {
  INSTRUCTIONS,
  INSTRUCTOR_ACK,
  INSTRUCTOR_FLIPS,
  INSTRUCTOR_PROMISE,
  INSTRUCTOR_REPEAT,
  READY,
  REINSTRUCTIONS,
  SOLUTIONS,
  SOLVER_ACK,
  SOLVER_ECHO,
  SOLVER_EMPTY,
  SOLVER_FLIPS,
  SOLVER_PROMISE,
  SOLVER_VAGUE,
  STEER_BACK,
  VERBS,
} from './camelTemplates.ts';
import { clean, distinct, failed, labelOf, lastSpeaker, ownLast, type Draft, type Turn } from './protocol.ts';
import { lastOf, type ContextView, type PromptInfo } from './readContext.ts';
import { readSpeechAct } from './speechActs.ts';
import { answerTo, fill, offTaskAsk, offTaskText, pickWords, PLEASANTRIES, say, type Slots } from './templates.ts';
import { cover, lowerFirst, upperFirst, wordSet } from './words.ts';

/**
 * CAMEL role play as the synthetic model plays it. The instructor reads its
 * progress back from the context (which of its instructions were followed by
 * an on-topic `Solution:`), instructs the next step, and sends the done token
 * once every step is solved; the solver answers the last instruction.
 */

// The protocol's constants, as CAMEL defines them: the model judges progress the way the world credits it.
const DONE = CAMEL_DONE_TOKEN;
const INSTRUCTION_MATCH = CAMEL_STEP_MATCH.instruction;
const SOLUTION_MATCH = CAMEL_STEP_MATCH.solution;

/** The step an instruction targets: best coverage of a step's words, at least INSTRUCTION_MATCH. */
function stepOf(info: PromptInfo, words: ReadonlySet<string>): number {
  let best = -1;
  let score = INSTRUCTION_MATCH;
  info.stepWords.forEach((sw, i) => {
    const c = cover(sw, words);
    if (c > score || (c === score && best < 0)) [best, score] = [i, c];
  });
  return best;
}

interface Progress {
  /** The step to instruct next (steps.length when all are solved). */
  readonly next: number;
  readonly solved: ReadonlySet<number>;
  /** The step of the instructor's last instruction (-1: none). */
  readonly lastStep: number;
}

/** Replay the visible window the way the world credits it: an instruction sets the pending step, the next solver message solves it or not. */
function readProgress(view: ContextView, info: PromptInfo): Progress {
  let pending: number | null = null;
  let lastStep = -1;
  let maxInstructed = -1;
  const solved = new Set<number>();
  for (let i = 1; i < view.messages.length; i++) {
    const kind = view.kinds[i];
    if (kind === 'self' && view.act(i).instruction) {
      const s = stepOf(info, view.words(i));
      pending = s >= 0 ? s : null;
      if (s >= 0) [lastStep, maxInstructed] = [s, Math.max(maxInstructed, s)];
    } else if (kind === 'agent' && pending !== null) {
      if (view.act(i).solution && cover(info.stepWords[pending]!, view.words(i)) >= SOLUTION_MATCH) solved.add(pending);
      pending = null;
    }
  }
  const solvedMax = solved.size > 0 ? Math.max(...solved) : -1;
  return { next: Math.max(solvedMax + 1, maxInstructed), solved, lastStep };
}

function slotsFor(turn: Turn, info: PromptInfo, step: number): Slots {
  const { rng } = turn;
  const stepText = info.steps[step] ?? `finish the ${info.title}`;
  const stepTerms = info.stepTerms[step] ?? [];
  const filler = info.fillers[step >= 0 ? step : info.fillers.length - 1] ?? [];
  const [s1, s2] = pickWords(rng, stepTerms, 2, ['main', 'core']);
  const [a, b] = pickWords(rng, filler, 2, ['overall', 'remaining']);
  const next = (step >= 0 ? info.steps[step + 1] : undefined) ?? `review the ${a} results and decide what comes next`;
  return { step: stepText, Step: upperFirst(stepText), s1: s1!, s2: s2!, a: a!, b: b!, title: info.title, verb: rng.pick(VERBS), next, Next: upperFirst(next) };
}

function pleasantry(turn: Turn, b: Extract<Behaviour, { kind: 'loop' }>, slots: Slots, solver: boolean): string {
  const text = say(turn.rng, PLEASANTRIES[answerTo(b.answering, turn.rng)], { ...slots, other: lastSpeaker(turn.view) });
  if (!solver) return text;
  return turn.rng.chance(0.5) ? `Solution: ${text}\nNext request.` : `${text}\nNext request.`;
}

function driftText(turn: Turn, b: Extract<Behaviour, { kind: 'drift' }>, slots: Slots, solver: boolean): string {
  const { rng } = turn;
  if (!solver && rng.chance(0.7)) {
    const ask = offTaskAsk(rng, b.topic);
    return b.level === 1
      ? fill(`Instruction: Before the next {a} and {b} step, ${lowerFirst(ask)}.\nInput: None`, slots)
      : `Instruction: ${ask}.\nInput: None`;
  }
  const text = offTaskText(rng, b.topic, b.level, slots);
  return solver ? `${b.level === 1 || rng.chance(0.5) ? 'Solution: ' : ''}${text}\nNext request.` : text;
}

/** The instructor's reply. */
export function camelInstructor(turn: Turn, info: PromptInfo): Draft {
  const { view, rng } = turn;
  const progress = readProgress(view, info);
  const done = progress.next >= info.steps.length;
  const repeatable = progress.lastStep >= 0 && progress.solved.has(progress.lastStep);
  const b = decide(turn.features, turn.hazards, turn.params, { flip: !done, flake: !done, loop: true, repeat: repeatable, drift: true }, rng);
  // Clean replies fill their own slots (fresh ones on each try of `distinct`).
  const slots = b.kind === 'clean' ? {} : slotsFor(turn, info, progress.next);
  switch (b.kind) {
    case 'clean': {
      if (done) return clean(DONE);
      const again = progress.lastStep === progress.next;
      return clean(distinct(view, () => say(rng, again ? REINSTRUCTIONS : INSTRUCTIONS, slotsFor(turn, info, progress.next))));
    }
    case 'flip':
      return failed(say(rng, INSTRUCTOR_FLIPS, slots), { kind: 'role-flip', detail: 'instructor solved the step itself' });
    case 'flake': {
      const solvedSteps = [...progress.solved];
      if (solvedSteps.length > 0 && rng.chance(0.35)) {
        const prev = info.steps[rng.pick(solvedSteps)]!;
        return failed(say(rng, INSTRUCTOR_REPEAT, { prev, Prev: upperFirst(prev) }), { kind: 'flake', detail: 'repeated a solved instruction' });
      }
      const promise = rng.chance(0.6);
      return failed(say(rng, promise ? INSTRUCTOR_PROMISE : INSTRUCTOR_ACK, slots), {
        kind: 'flake',
        detail: promise ? 'promise without an instruction' : 'acknowledgement only',
      });
    }
    case 'loop': {
      // A new repeat loop re-sends the last instruction; a running or joined one re-sends the last message (a cycle).
      const last = b.style !== 'repeat' ? null : b.mode === 'entered' ? ownLast(view, (i) => view.act(i).instruction) : ownLast(view);
      return failed(last ?? pleasantry(turn, b, slots, false), labelOf(b.style === 'repeat' && !last ? { ...b, style: 'pleasantry' } : b, '')!);
    }
    case 'drift':
      return failed(driftText(turn, b, slots, false), labelOf(b, lastSpeaker(view))!);
  }
}

/** The solver's reply. */
export function camelSolver(turn: Turn, info: PromptInfo): Draft {
  const { view, rng } = turn;
  const o = lastOf(view, 'agent');
  const open = o >= 0 && view.act(o).instruction && lastOf(view, 'self') < o;
  const step = open ? stepOf(info, view.words(o)) : -1;
  const lastSolution = ownLast(view, (i) => view.act(i).solution && info.stepWords.some((sw) => cover(sw, view.words(i)) >= SOLUTION_MATCH));
  const b = decide(turn.features, turn.hazards, turn.params, { flip: true, flake: step >= 0, loop: true, repeat: lastSolution !== null, drift: true }, rng);
  const slots = b.kind === 'clean' ? {} : slotsFor(turn, info, step);
  // A failed reply must not solve the step by accident (the world credits by word coverage).
  const safe = (text: string): string =>
    step >= 0 && text.trimStart().startsWith('Solution:') && cover(info.stepWords[step]!, wordSet(text)) >= SOLUTION_MATCH ? SOLVER_EMPTY[0]! : text;
  switch (b.kind) {
    case 'clean':
      if (step >= 0) return clean(distinct(view, () => say(rng, SOLUTIONS, slotsFor(turn, info, step))));
      return clean(distinct(view, () => say(rng, open ? STEER_BACK : READY, slotsFor(turn, info, step))));
    case 'flip': {
      const text = say(rng, SOLVER_FLIPS, slots);
      return failed(text, { kind: 'role-flip', detail: readSpeechAct(text).instruction ? 'solver wrote an instruction' : 'solver directed the instructor' });
    }
    case 'flake': {
      const u = rng.float();
      const [bank, detail] =
        u < 0.3
          ? [SOLVER_PROMISE, 'promise without delivery']
          : u < 0.5
            ? [SOLVER_ACK, 'acknowledgement only']
            : u < 0.7
              ? [SOLVER_ECHO, 'repeated the instruction back']
              : u < 0.9
                ? [SOLVER_VAGUE, 'answer without substance']
                : [SOLVER_EMPTY, 'format-only reply'];
      return failed(safe(say(rng, bank, slots)), { kind: 'flake', detail });
    }
    case 'loop': {
      // Re-sending an earlier solution earns nothing new: its step was answered already.
      const again = b.style !== 'repeat' ? null : b.mode === 'entered' ? lastSolution : ownLast(view);
      const repeat = again !== null;
      const text = again ?? safe(pleasantry(turn, b, slots, true));
      return failed(text, labelOf(repeat ? b : { ...b, style: 'pleasantry' }, '')!);
    }
    case 'drift':
      return failed(safe(driftText(turn, b, slots, true)), labelOf(b, lastSpeaker(view))!);
  }
}
