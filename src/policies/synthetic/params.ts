import { z } from 'zod';
import { UserError } from '../../core/errors.ts';

/**
 * The parameters of the synthetic policy: one place for every number of its
 * generative model, each with its default and where the default comes from.
 * README.md next to this file explains the model and the calibration runs.
 *
 * Provenance, in short: the *kinds* of failure and their surface forms come
 * from CAMEL (Li et al. 2023: role flipping, flake replies, infinite
 * thank-you/goodbye loops, instruction repetition, conversation deviation) and
 * MAST (Cemri et al. 2025). MAST's shares are shares *of annotated failures*
 * across seven frameworks (step repetition 15.7%, reasoning–action mismatch
 * 13.2%, unaware of termination 12.4%, disobey task specification 11.8%), not
 * per-turn probabilities, so they fix the *ordering* of the base hazards
 * (flake ≳ loop > drift > role flip), never their absolute values. Laban et
 * al. 2025 (−39% average performance in multi-turn vs single-turn, with
 * unreliability +112%) motivates hazards that grow as the goal recedes in the
 * context. The absolute values are **calibrations**, not measurements: they
 * were tuned by simulating 200 camel-roleplay conversations per setting
 * (test/synthetic/calibration.test.ts) so that roughly half of the runs show
 * at least one failure within CAMEL's 40-message cap (55–59% with these
 * defaults), and failures are rarer in the first replies (3%) than once the
 * window has filled (~60%).
 */
export const SyntheticParamsSchema = z
  .object({
    /**
     * τ_g, in conversation entries: goal salience is `g = exp(-d_goal/τ_g)`,
     * d_goal = conversation entries since the goal statement last appeared.
     * 10 puts g at 0.82 after 2 entries, 0.37 after 10 and 0.09 at a full
     * default window (24): a full window carries 5× the flake/drift hazard
     * of the second reply. Calibration.
     */
    tauGoal: z.number().positive().default(10),
    /**
     * τ_r, in entries: role anchoring `r = exp(-d_role/τ_r)`, d_role = entries
     * since "you are <self>, the <Role>" / "you are the <Role>" last appeared.
     * Longer than τ_g: CAMEL's role flips come later in conversations than
     * flakes. Calibration.
     */
    tauRole: z.number().positive().default(12),
    /**
     * Base hazard of a role flip per reply: `P = flipBase·(1−r)·(1+κ·contagion)`.
     * Role flips were CAMEL's headline failure (it ends a conversation on the
     * assistant's first `Instruction:`) but a minor MAST mode (disobey role
     * specification), hence the smallest base. Calibration.
     */
    flipBase: z.number().min(0).max(1).default(0.045),
    /**
     * κ: how much other agents' recent out-of-role speech raises the flip
     * hazard (CAMEL's observation that one flipped agent pulls the other
     * into the swapped roles). contagion ∈ [0, 1]. Calibration.
     */
    contagion: z.number().min(0).default(3),
    /**
     * Base hazard of a flake reply (promise without delivery,
     * acknowledgement only, instruction repeated back, format only):
     * `P = flakeBase·(1−g)`. The largest base: MAST's reasoning–action
     * mismatch (13.2%) plus CAMEL's flake replies and assistant
     * instruction repetition. Calibration.
     */
    flakeBase: z.number().min(0).max(1).default(0.09),
    /**
     * Base hazard of entering a loop (pleasantry ping-pong or a near-verbatim
     * repeat): `P = loopBase·(1−n)`, n = novelty of the last messages. MAST's
     * step repetition (15.7%) and unaware-of-termination (12.4%) together are
     * its most frequent modes; CAMEL's thank-you/goodbye loops. Calibration.
     */
    loopBase: z.number().min(0).max(1).default(0.06),
    /** Probability of continuing a loop the agent is in, until a perturbing message appears (mean episode ≈ 1/(1−p) replies). Calibration. */
    loopPersist: z.number().min(0).max(1).default(0.75),
    /** Probability of answering another agent's loop message in kind (joining the loop). Calibration. */
    loopJoin: z.number().min(0).max(1).default(0.5),
    /** Share of loop entries that are near-verbatim repeats (step repetition) rather than pleasantries. Calibration. */
    repeatShare: z.number().min(0).max(1).default(0.35),
    /**
     * Base hazard of stepping off-task (topic drift, MAST task derailment,
     * CAMEL conversation deviation): `P = driftBase·(1−g)·(1+driftContagion·o)`
     * from on-task, o = how far off-task the other agent's last message is.
     * Calibration.
     */
    driftBase: z.number().min(0).max(1).default(0.03),
    /** How much another agent's off-task message pulls the agent off-task. Calibration. */
    driftContagion: z.number().min(0).default(2),
    /** Off-task agents return to the task with `P = min(1, driftReturn·g)`: a goal note (g = 1) brings most back at once. Calibration. */
    driftReturn: z.number().min(0).default(0.8),
    /** Off-task agents that do not return step further off-task with `P = driftDeepen·(1−g)`. Calibration. */
    driftDeepen: z.number().min(0).max(1).default(0.5),
  })
  .strict();

export type SyntheticParams = z.infer<typeof SyntheticParamsSchema>;

/**
 * Every default in one object.
 *
 * @example syntheticReply(messages, { ...SYNTHETIC_DEFAULTS, flipBase: 0 }, seed, 'assistant', 0)
 */
export const SYNTHETIC_DEFAULTS: SyntheticParams = Object.freeze(SyntheticParamsSchema.parse({}));

/** The four base hazards: all zero gives a clean agent. */
export const BASE_HAZARDS = ['flipBase', 'flakeBase', 'loopBase', 'driftBase'] as const;

/**
 * Validate per-agent overrides and fill in the defaults. Unknown names and bad
 * values are a `UserError` that names the parameter and lists the known ones.
 *
 * @example parseSyntheticParams({ flakeBase: 0 }) // defaults with flakes off
 */
export function parseSyntheticParams(params: Readonly<Record<string, number>>, where = 'synthetic policy params'): SyntheticParams {
  const known = Object.keys(SyntheticParamsSchema.shape);
  const unknown = Object.keys(params).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    const names = unknown.map((k) => `"${k}"`).join(', ');
    throw new UserError(`${where}: unknown parameter ${names}. Known parameters: ${known.join(', ')}.`);
  }
  const result = SyntheticParamsSchema.safeParse(params);
  if (result.success) return result.data;
  throw new UserError(`${where} are not valid:\n${z.prettifyError(result.error)}`);
}
