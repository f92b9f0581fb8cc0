import type { Rng } from '../../determinism/rng.ts';
import type { SyntheticFeatures } from './features.ts';
import type { Hazards } from './hazards.ts';
import type { SyntheticParams } from './params.ts';
import type { Pleasantry } from './speechActs.ts';
import { OFF_TOPICS } from './topics.ts';

/** What the reply will be, before any text is written. */
export type Behaviour =
  | { readonly kind: 'clean' }
  | { readonly kind: 'flip' }
  | { readonly kind: 'flake' }
  | {
      readonly kind: 'loop';
      readonly mode: 'entered' | 'continued' | 'joined';
      readonly style: 'pleasantry' | 'repeat';
      /** The pleasantry being answered (the other agent's last), if any. */
      readonly answering: Pleasantry | null;
    }
  | {
      readonly kind: 'drift';
      readonly mode: 'drifted' | 'followed' | 'stayed' | 'went further';
      readonly level: 1 | 2;
      readonly topic: string;
    };

/** Which failures make sense in the current situation (e.g. no flake when there is nothing to do). */
export interface Allowed {
  readonly flip: boolean;
  readonly flake: boolean;
  readonly loop: boolean;
  /** A near-verbatim repeat is possible (there is an earlier substantive message to repeat). */
  readonly repeat: boolean;
  readonly drift: boolean;
}

/**
 * Draw the behaviour of one reply. Order: a running loop persists (or is
 * joined) unless perturbed; then the topic walk (on-task → tangent →
 * off-task, and back with the goal's salience); then one draw among role
 * flip, flake and entering a loop; otherwise a clean reply.
 */
export function decide(f: SyntheticFeatures, h: Hazards, p: SyntheticParams, allowed: Allowed, rng: Rng): Behaviour {
  const styleOf = (s: 'pleasantry' | 'repeat' | null): 'pleasantry' | 'repeat' => (s === 'repeat' && allowed.repeat ? 'repeat' : 'pleasantry');
  const answering = f.otherLoop.looping ? f.otherLoop.pleasantry : null;
  if (allowed.loop) {
    if (rng.chance(h.loopContinue)) return { kind: 'loop', mode: 'continued', style: styleOf(f.loop.style), answering };
    if (!f.loop.looping && rng.chance(h.loopJoin)) return { kind: 'loop', mode: 'joined', style: styleOf(f.otherLoop.style), answering };
  }

  if (allowed.drift) {
    const level = p.driftBase > 0 ? f.topic.level : 0;
    if (level === 0) {
      if (rng.chance(h.driftOut)) {
        const follows = f.otherTopic.level > 0 && f.otherTopic.topic !== null;
        const topic = follows ? f.otherTopic.topic! : rng.pick(OFF_TOPICS).id;
        return { kind: 'drift', mode: follows ? 'followed' : 'drifted', level: 1, topic };
      }
    } else if (!rng.chance(h.driftBack)) {
      const topic = f.topic.topic ?? rng.pick(OFF_TOPICS).id;
      if (level === 1 && rng.chance(h.driftDeeper)) return { kind: 'drift', mode: 'went further', level: 2, topic };
      return { kind: 'drift', mode: 'stayed', level, topic };
    }
  }

  const flip = allowed.flip ? h.flip : 0;
  const flake = allowed.flake ? h.flake : 0;
  const loop = allowed.loop ? h.loopEnter : 0;
  const total = flip + flake + loop;
  const u = rng.float() * Math.max(1, total);
  if (u < flip) return { kind: 'flip' };
  if (u < flip + flake) return { kind: 'flake' };
  if (u < total) return { kind: 'loop', mode: 'entered', style: styleOf(rng.chance(p.repeatShare) ? 'repeat' : 'pleasantry'), answering };
  return { kind: 'clean' };
}
