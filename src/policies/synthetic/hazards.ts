import type { SyntheticFeatures } from './features.ts';
import type { SyntheticParams } from './params.ts';

/** Per-reply probabilities of the synthetic model, from its features and parameters. */
export interface Hazards {
  /** Act outside the role: `flipBase·(1−r)·(1+κ·contagion)`. */
  readonly flip: number;
  /** Reply without substance: `flakeBase·(1−g)`. */
  readonly flake: number;
  /** Start a loop: `loopBase·(1−n)`. */
  readonly loopEnter: number;
  /** Go on with the loop the agent's last message was part of (0 once a perturbing message appeared). */
  readonly loopContinue: number;
  /** Answer the other agent's loop message in kind (0 once a perturbing message appeared). */
  readonly loopJoin: number;
  /** Step off-task from on-task: `driftBase·(1−g)·(1+driftContagion·o)`, o = other's off-task level / 2. */
  readonly driftOut: number;
  /** Come back on-task when off-task: `min(1, driftReturn·g)`. */
  readonly driftBack: number;
  /** Step further off-task when not coming back: `driftDeepen·(1−g)`. */
  readonly driftDeeper: number;
}

const clamp = (p: number): number => (p < 0 ? 0 : p > 1 ? 1 : p);

/**
 * The hazards of one reply. A base hazard of 0 switches its failure off
 * entirely (entering, continuing and joining loops; drifting and staying
 * off-task), so the four bases at 0 give a clean agent.
 *
 * @example hazardsOf(syntheticFeatures(messages), SYNTHETIC_DEFAULTS).flake
 */
export function hazardsOf(f: SyntheticFeatures, p: SyntheticParams): Hazards {
  const loops = p.loopBase > 0;
  const drifts = p.driftBase > 0;
  return {
    flip: clamp(p.flipBase * (1 - f.r) * (1 + p.contagion * f.contagion)),
    flake: clamp(p.flakeBase * (1 - f.g)),
    loopEnter: clamp(p.loopBase * (1 - f.novelty)),
    loopContinue: loops && f.loop.looping && !f.loop.perturbed ? p.loopPersist : 0,
    loopJoin: loops && f.otherLoop.looping && !f.otherLoop.perturbed ? p.loopJoin : 0,
    driftOut: clamp(p.driftBase * (1 - f.g) * (1 + p.driftContagion * (f.otherTopic.level / 2))),
    driftBack: drifts ? clamp(p.driftReturn * f.g) : 1,
    driftDeeper: drifts ? clamp(p.driftDeepen * (1 - f.g)) : 0,
  };
}
