import type { ChatMessage } from '../../core/chat.ts';
import { SYNTHETIC_DEFAULTS, type SyntheticParams } from './params.ts';
import { lastOf, readContext, type ContextView, type WorldKind } from './readContext.ts';
import { isOutOfRole, type Pleasantry } from './speechActs.ts';
import { ON_TASK, readTopic, type TopicReading } from './topics.ts';
import { jaccard } from './words.ts';

/** Is the message at some index part of a loop, and has a perturbing message appeared since? */
export interface LoopReading {
  readonly looping: boolean;
  readonly style: 'pleasantry' | 'repeat' | null;
  readonly pleasantry: Pleasantry | null;
  /** A loop breaker note or the goal statement appeared after the message. */
  readonly perturbed: boolean;
}

/** The latent state of the synthetic model, all of it derived from the context. */
export interface SyntheticFeatures {
  readonly world: WorldKind;
  /** Conversation entries since the goal statement last appeared (mitigation notes do not count as distance). */
  readonly dGoal: number;
  /** Goal salience exp(-dGoal/τ_g). */
  readonly g: number;
  /** Conversation entries since the role was last named ("you are <self>, the <Role>"). */
  readonly dRole: number;
  /** Role anchoring exp(-dRole/τ_r). */
  readonly r: number;
  /** Recency-weighted share of the other agents' last four messages that act outside their role, in [0, 1]. */
  readonly contagion: number;
  /** Share of new content words in the last three agent messages, in [0, 1]; 1 at the start. */
  readonly novelty: number;
  /** Topic of the agent's own last message. */
  readonly topic: TopicReading;
  /** Topic of the last other agent's message. */
  readonly otherTopic: TopicReading;
  /** Loop state of the agent's own last message and of the last other agent's message. */
  readonly loop: LoopReading;
  readonly otherLoop: LoopReading;
}

const NO_LOOP: LoopReading = { looping: false, style: null, pleasantry: null, perturbed: false };
const LOOP_BREAKER = /next concrete step|concrete next step|summar(?:y|ise|ize)\b[^.\n]{0,30}\bprogress|progress so far/i;
/** Jaccard at or above which two messages of one speaker are near-verbatim repeats. */
export const NEAR_DUPLICATE = 0.85;
const CONTAGION_DECAY = 0.6;
const CONTAGION_NORM = 1 + 0.6 + 0.36 + 0.216;

/**
 * Compute the synthetic model's features from a context.
 *
 * @example syntheticFeatures(messages).g // 1 right after the goal was restated
 */
export function syntheticFeatures(messages: readonly ChatMessage[], params: SyntheticParams = SYNTHETIC_DEFAULTS): SyntheticFeatures {
  return featuresOf(readContext(messages), params);
}

/** Features of an already-read context (the policy reads it once per call). */
export function featuresOf(view: ContextView, params: SyntheticParams): SyntheticFeatures {
  const info = view.info;
  const dGoal = info ? distanceSince(view, (m) => info.parsed.goal !== '' && m.includes(info.parsed.goal)) : 0;
  const dRole = info ? distanceSince(view, (m) => info.roleAnchor.test(m)) : 0;
  return {
    world: info?.world ?? 'foreign',
    dGoal,
    g: Math.exp(-dGoal / params.tauGoal),
    dRole,
    r: Math.exp(-dRole / params.tauRole),
    contagion: contagionOf(view),
    novelty: noveltyOf(view),
    ...topicsOf(view),
    loop: loopAt(view, lastOf(view, 'self')),
    otherLoop: loopAt(view, lastOf(view, 'agent')),
  };
}

/** Entries after the last one matching `has`, mitigation notes not counted; the prompt (entry 0) always matches. */
function distanceSince(view: ContextView, has: (content: string) => boolean): number {
  let d = 0;
  for (let i = view.messages.length - 1; i > 0; i--) {
    if (has(view.messages[i]!.content)) return d;
    if (view.kinds[i] !== 'note') d++;
  }
  return d;
}

function contagionOf(view: ContextView): number {
  const team = view.info?.teamActs;
  if (!team) return 0;
  let sum = 0;
  let k = 0;
  for (let i = view.messages.length - 1; i > 0 && k < 4; i--) {
    if (view.kinds[i] !== 'agent') continue;
    const acts = team.get(view.messages[i]!.name ?? '');
    if (acts && isOutOfRole(view.act(i), acts)) sum += CONTAGION_DECAY ** k;
    k++;
  }
  return sum / CONTAGION_NORM;
}

function noveltyOf(view: ContextView): number {
  const said: number[] = [];
  for (let i = view.messages.length - 1; i > 0 && said.length < 6; i--) {
    if (view.kinds[i] === 'self' || view.kinds[i] === 'agent') said.push(i);
  }
  if (said.length < 2) return 1;
  let total = 0;
  let n = 0;
  for (let k = 0; k < Math.min(3, said.length - 1); k++) {
    const words = view.words(said[k]!);
    let fresh = 0;
    for (const w of words) {
      let seen = false;
      for (let p = k + 1; p <= k + 3 && p < said.length && !seen; p++) seen = view.words(said[p]!).has(w);
      if (!seen) fresh++;
    }
    total += fresh / Math.max(words.size, 8);
    n++;
  }
  return total / n;
}

function topicsOf(view: ContextView): { topic: TopicReading; otherTopic: TopicReading } {
  const info = view.info;
  if (!info) return { topic: ON_TASK, otherTopic: ON_TASK };
  // Words of the latest world note (e.g. relay job titles) are task words too.
  const note = lastOf(view, 'world');
  const noteWords = note >= 0 ? view.words(note) : null;
  const own = lastOf(view, 'self');
  const other = lastOf(view, 'agent');
  return {
    topic: own >= 0 ? readTopic(view.words(own), info.taskWords, noteWords) : ON_TASK,
    otherTopic: other >= 0 ? readTopic(view.words(other), info.taskWords, noteWords) : ON_TASK,
  };
}

function loopAt(view: ContextView, at: number): LoopReading {
  if (at < 0) return NO_LOOP;
  const kind = view.kinds[at]!;
  const name = view.messages[at]!.name;
  const words = view.words(at);
  let style: LoopReading['style'] = null;
  // A near-verbatim repeat of one of the speaker's two previous messages.
  let prev = at;
  for (let k = 0; k < 2 && style === null; k++) {
    prev = lastOf(view, kind, prev, kind === 'self' ? null : name);
    if (prev < 0) break;
    if (words.size >= 3 && jaccard(words, view.words(prev)) >= NEAR_DUPLICATE) style = 'repeat';
  }
  const act = view.act(at);
  const substantive = act.instruction || act.done || (act.declaredAct !== null && act.declaredAct !== 'wait');
  if (style === null && act.pleasantry !== null && !substantive && words.size <= 10) style = 'pleasantry';
  if (style === null) return NO_LOOP;
  const goal = view.info?.parsed.goal ?? '';
  let perturbed = false;
  for (let i = at + 1; i < view.messages.length && !perturbed; i++) {
    const content = view.messages[i]!.content;
    perturbed = (view.kinds[i] === 'note' && LOOP_BREAKER.test(content)) || (goal !== '' && content.includes(goal));
  }
  return { looping: true, style, pleasantry: act.pleasantry, perturbed };
}
