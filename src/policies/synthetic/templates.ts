import { Memo } from './memo.ts';
import type { Rng } from '../../determinism/rng.ts';
import type { Pleasantry } from './speechActs.ts';
import { offTopic } from './topics.ts';

/**
 * Template filling shared by the protocols, and the speech acts every world
 * has: pleasantries and off-task talk. Slots are `{name}`; a missing slot
 * fills with an empty string.
 */

export type Slots = Readonly<Record<string, string>>;

const SLOT = /\{(\w+)\}/g;
// Templates are split once into literal text (even indices) and slot names (odd indices).
const compiled = new Memo<readonly string[]>();

/** Fill `{slot}`s of a template. */
export function fill(template: string, slots: Slots): string {
  const parts = compiled.get(template, () => template.split(SLOT));
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) out += (slots[parts[i]!] ?? '') + parts[i + 1]!;
  return out;
}

/** Pick a template and fill it. */
export function say(rng: Rng, templates: readonly string[], slots: Slots): string {
  return fill(rng.pick(templates), slots);
}

/** Words picked from a pool for `{a}`, `{b}`, … slots, with fallbacks when the pool is small. */
export function pickWords(rng: Rng, pool: readonly string[], n: number, fallback: readonly string[]): string[] {
  const source = pool.length > 0 ? pool : fallback;
  const start = rng.int(0, source.length - 1);
  const out: string[] = [];
  // Consecutive from a random start: distinct whenever the pool is large enough.
  for (let i = 0; i < n; i++) out.push(source[(start + i) % source.length]!);
  return out;
}

/** The pleasantry that answers one (thank you → you're welcome → thanks again / goodbye …). */
export function answerTo(p: Pleasantry | null, rng: Rng): Pleasantry {
  if (p === 'thanks') return 'welcome';
  if (p === 'welcome') return rng.chance(0.5) ? 'thanks' : 'bye';
  if (p === 'bye') return 'bye';
  return rng.chance(0.7) ? 'thanks' : 'bye';
}

/** Plain pleasantries (slot `{a}`: a task word; `{other}`: the addressee). */
export const PLEASANTRIES: Readonly<Record<Pleasantry, readonly string[]>> = {
  thanks: [
    'Thank you, that is very helpful!',
    'Great work, thanks a lot!',
    'Thanks again for your help with the {a}.',
    'Thank you so much, I really appreciate it.',
    'Thanks, {other}, this is exactly what I hoped for.',
  ],
  welcome: [
    "You're welcome! Happy to help.",
    "You're very welcome, it was my pleasure.",
    "My pleasure! Glad the {a} part works for you.",
    "You're welcome, {other}. Anytime.",
  ],
  bye: [
    'Goodbye, it was a pleasure working with you!',
    'Bye for now, and take care!',
    'Goodbye and good luck with the {a}!',
    'Take care, {other}. Goodbye!',
  ],
};

/** Off-task talk: one or two sentences of a topic; `tangent` ties it to task words `{a}` and `{b}`. */
export function offTaskText(rng: Rng, topicId: string, level: 1 | 2, slots: Slots): string {
  const t = offTopic(topicId);
  const first = rng.pick(t.sentences);
  if (level === 1) {
    const lead = rng.pick([
      'Thinking about the {a} and the {b} reminds me of something. ',
      'Before we go on with the {a} and the {b}, a quick aside. ',
      'The {a} can wait a moment, and so can the {b}. ',
      'Speaking of the {a} and the {b}: ',
    ]);
    return fill(lead, slots) + first;
  }
  let second = rng.pick(t.sentences);
  if (second === first) second = t.sentences[(t.sentences.indexOf(first) + 1) % t.sentences.length]!;
  return `${first} ${second}`;
}

/** An off-task request an instructor makes when it drifts. */
export function offTaskAsk(rng: Rng, topicId: string): string {
  return rng.pick(offTopic(topicId).asks);
}
