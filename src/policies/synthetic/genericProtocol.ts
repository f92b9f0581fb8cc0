import type { ChatMessage } from '../../core/chat.ts';
import type { Rng } from '../../determinism/rng.ts';
import { decide } from './decide.ts';
import { clean, distinct, failed, labelOf, lastSpeaker, ownLast, type Draft, type Turn } from './protocol.ts';
import { terms, type PromptInfo } from './readContext.ts';
import { answerTo, offTaskText, pickWords, PLEASANTRIES, say } from './templates.ts';
import { bodyOf } from './words.ts';

/**
 * Worlds the synthetic model has no protocol for. With a troupe system
 * prompt it works through the success criteria in plain prose (with the same
 * failure dynamics); with a foreign prompt it answers the last message
 * sensibly and injects nothing, since it knows neither goal nor role.
 */

const WORK = [
  'Working on "{c}": I {verb} the {w1} part and checked the {w2} details against the goal.',
  'Progress on {c}: the {w1} piece is done, and the {w2} piece follows the same approach.',
  'For {c}, here is what I did: set up the {w1}, then verified the {w2}. The result is ready for the team.',
];
const PROMISES = ['I will look into the {w1} shortly.', "Sure, I'll get to {c} soon.", 'Noted. More on the {w1} later.'];
const FLIPS = ['I will take over the {act} work myself: {c} needs it now.', 'Let me do the {act} part too, to move faster on the {w1}.'];
const VERBS = ['set up', 'wrote', 'prepared', 'completed', 'drafted'];

/** A reply for a troupe prompt of a world without a dedicated protocol. */
export function genericReply(turn: Turn, info: PromptInfo): Draft {
  const { view, rng } = turn;
  const criteria = info.steps.length > 0 ? info.steps : [info.title];
  // Which criterion: one further for each of the agent's own messages in view (no hidden counter).
  const own = view.kinds.filter((k) => k === 'self').length;
  const c = criteria[own % criteria.length]!;
  const [w1, w2] = pickWords(rng, terms(c), 2, pickWords(rng, info.goalTerms, 2, ['main', 'core']));
  const otherActs = info.parsed.team.flatMap((t) => (t.id === info.parsed.self ? [] : t.acts));
  const slots = { c, w1: w1!, w2: w2!, a: w1!, b: w2!, verb: rng.pick(VERBS), act: otherActs[0] ?? 'review', other: lastSpeaker(view) || 'team' };
  const previous = ownLast(view);
  const b = decide(turn.features, turn.hazards, turn.params, { flip: otherActs.length > 0, flake: true, loop: true, repeat: previous !== null, drift: true }, rng);
  switch (b.kind) {
    case 'clean':
      return clean(distinct(view, () => say(rng, WORK, { ...slots, verb: rng.pick(VERBS) })));
    case 'flip':
      return failed(say(rng, FLIPS, { ...slots, act: rng.pick(otherActs) }), { kind: 'role-flip', detail: `${info.parsed.self} took over another role's work` });
    case 'flake':
      return failed(say(rng, PROMISES, slots), { kind: 'flake', detail: 'promise without delivery' });
    case 'loop': {
      const repeat = b.style === 'repeat' && previous !== null ? bodyOf(previous) : null;
      return failed(repeat ?? say(rng, PLEASANTRIES[answerTo(b.answering, rng)], slots), labelOf(repeat ? b : { ...b, style: 'pleasantry' }, '')!);
    }
    case 'drift':
      return failed(offTaskText(rng, b.topic, b.level, slots), labelOf(b, lastSpeaker(view))!);
  }
}

const FOREIGN = [
  'Here is my answer about the {w1} and the {w2}: the key point is to handle the {w1} first and then check the {w2}.',
  'On the {w1}: it depends on the {w2}, but a simple, explicit approach works best.',
  'I understand the question about the {w1}. In short: start with the {w2}, then refine.',
];

/** A sensible reply to a context whose system prompt is not troupe's: no goal or role is known, so nothing is injected. */
export function foreignReply(messages: readonly ChatMessage[], rng: Rng): Draft {
  let last = '';
  for (let i = messages.length - 1; i >= 0 && last === ''; i--) if (messages[i]!.role !== 'assistant') last = messages[i]!.content;
  const [w1, w2] = pickWords(rng, terms(last), 2, ['question', 'details']);
  return clean(say(rng, FOREIGN, { w1: w1!, w2: w2! }));
}
