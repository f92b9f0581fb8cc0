import type { TruthLabel } from '../../core/events.ts';
import type { Rng } from '../../determinism/rng.ts';
import type { Behaviour } from './decide.ts';
import { NEAR_DUPLICATE, type SyntheticFeatures } from './features.ts';
import type { Hazards } from './hazards.ts';
import type { SyntheticParams } from './params.ts';
import { lastOf, type ContextView } from './readContext.ts';
import { jaccard, wordSet } from './words.ts';

/** What a world protocol gets: the read context, the latent state and the call's generator. */
export interface Turn {
  readonly view: ContextView;
  readonly features: SyntheticFeatures;
  readonly hazards: Hazards;
  readonly params: SyntheticParams;
  readonly rng: Rng;
}

/** A reply's text and the failures it carries (one label per failed reply, none for a clean one). */
export interface Draft {
  readonly content: string;
  readonly truth: readonly TruthLabel[];
}

export const clean = (content: string): Draft => ({ content, truth: [] });

/** The truth label of a loop or drift behaviour (flips and flakes are labelled by the protocols, which know their form). */
export function labelOf(b: Behaviour, other: string): TruthLabel | null {
  if (b.kind === 'loop') return { kind: 'loop', detail: `${b.mode} loop (${b.style})` };
  if (b.kind === 'drift') {
    const how = b.mode === 'followed' ? `followed ${other || 'the others'} off-task` : `${b.mode} off-task`;
    return { kind: 'drift', detail: `${how} (${b.topic}${b.level === 1 ? ', tangent' : ''})` };
  }
  return null;
}

export const failed = (content: string, label: TruthLabel): Draft => ({ content, truth: [label] });

/**
 * A clean message must not read as a loop: retry the generator (up to four
 * times) while its text is a near-duplicate of one of the agent's last two
 * messages.
 */
export function distinct(view: ContextView, make: () => string): string {
  const own: ReadonlySet<string>[] = [];
  let at = view.messages.length;
  for (let k = 0; k < 2; k++) {
    at = lastOf(view, 'self', at);
    if (at < 0) break;
    own.push(view.words(at));
  }
  let text = make();
  for (let tries = 0; tries < 4 && own.length > 0; tries++) {
    const words = wordSet(text);
    if (!own.some((o) => jaccard(words, o) >= NEAR_DUPLICATE)) break;
    text = make();
  }
  return text;
}

/** The agent's own last message that passes `keep` (given its index, to use the view's cached features), or null. */
export function ownLast(view: ContextView, keep: (i: number) => boolean = () => true): string | null {
  for (let i = view.messages.length - 1; i > 0; i--) {
    if (view.kinds[i] === 'self' && keep(i)) return view.messages[i]!.content;
  }
  return null;
}

/** The name of the last other agent that spoke, or ''. */
export function lastSpeaker(view: ContextView): string {
  const i = lastOf(view, 'agent');
  return i >= 0 ? (view.messages[i]!.name ?? '') : '';
}
