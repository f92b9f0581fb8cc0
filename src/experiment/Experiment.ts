import { z } from 'zod';
import { MAX_SEED, MitigationSpecSchema, MonitorConfigSchema } from '../core/config.ts';
import { OpenAIPolicySpecSchema } from '../core/specs.ts';

/**
 * The vocabulary of experiments. An experiment crosses worlds (each with its
 * instances) × agent configurations × mitigation arms × seeds, and names the
 * metrics to report. An **instance** is a world with fixed parameters (e.g.
 * camel-roleplay with task=trading-bot); the seeds are repeated trials of
 * every instance, and every arm runs the same instances with the same seeds
 * (paired design).
 */

export const EXPERIMENT_FORMAT = 'troupe.experiment/1';

/** The largest seed (defined with the run config, whose seed it bounds). */
export { MAX_SEED };

/**
 * How many seeds an experiment may have: far more than a sweep can run, yet a
 * slip like `0..4294967295` fails at once instead of exhausting memory.
 */
export const MAX_SEEDS = 1_000_000;

const SEED_FORMS = `a range FROM..TO (e.g. "1..200"), a comma-separated list (e.g. "1,5,9") or a single seed (e.g. "7")`;

/**
 * Seeds as text — `"1..200"`, `"1,5,9"` or `"7"` — or `{ from, to }` or a
 * list; a list of distinct integers 0..2^32−1 afterwards, at most
 * {@link MAX_SEEDS} of them. A repeated seed is refused rather than dropped: in
 * a paired design it is almost surely a typo.
 */
export const SeedsSchema = z
  .union([z.string(), z.object({ from: z.number(), to: z.number() }).strict(), z.array(z.number())], {
    error: `expected seeds as ${SEED_FORMS}, or as a list [1, 5, 9] or { "from": 1, "to": 200 }`,
  })
  .transform((input, ctx) => {
    const seeds = seedList(input);
    if (typeof seeds !== 'string') return seeds;
    // One issue, so a malformed value gets one message (not a second one about a range it never was).
    ctx.addIssue({ code: 'custom', message: seeds });
    return z.NEVER;
  });

/** The seeds `input` stands for, or what is wrong with it. */
function seedList(input: string | { from: number; to: number } | number[]): number[] | string {
  let range: [number, number] | null = null;
  let list: number[] = [];
  if (typeof input === 'string') {
    const text = input.trim();
    const fromTo = /^(\d+)\s*\.\.\s*(\d+)$/.exec(text);
    if (fromTo) range = [Number(fromTo[1]), Number(fromTo[2])];
    else if (/^\d+(\s*,\s*\d+)*$/.test(text)) list = text.split(',').map((s) => Number(s.trim()));
    else return `expected seeds as ${SEED_FORMS}, got ${JSON.stringify(input)}`;
  } else if (Array.isArray(input)) list = input;
  else range = [input.from, input.to];
  const bad = (range ?? list).find((s) => !Number.isInteger(s) || s < 0 || s > MAX_SEED);
  if (bad !== undefined) return `seeds are integers from 0 to ${MAX_SEED}, got ${bad}`;
  const most = MAX_SEEDS.toLocaleString('en-US');
  if (range) {
    const [from, to] = range;
    if (to < from) return `a range must not end before it starts, got ${from}..${to}`;
    if (to - from + 1 > MAX_SEEDS) return `a range may hold at most ${most} seeds; ${from}..${to} holds ${(to - from + 1).toLocaleString('en-US')}`;
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }
  if (list.length === 0) return 'expected at least one seed';
  if (list.length > MAX_SEEDS) return `at most ${most} seeds, got ${list.length.toLocaleString('en-US')}`;
  const seen = new Set<number>();
  for (const seed of list) {
    if (seen.has(seed)) return `seed ${seed} is listed twice; each seed is one paired trial of every arm, so list it once`;
    seen.add(seed);
  }
  return list;
}

export type SeedsInput = z.input<typeof SeedsSchema>;

/** A world and its instances: one parameter object each (`{}` = the world's defaults; a parameter left open, like camel's task, is drawn from the seed). */
export const ExperimentWorldSchema = z
  .object({
    world: z.string().min(1),
    instances: z.array(z.record(z.string(), z.unknown())).min(1).default([{}]),
    maxTurns: z.number().int().positive().optional(),
    maxMessages: z.number().int().positive().optional(),
  })
  .strict();

/**
 * An agent configuration: the agents (the world's own, or an agents file's role cards, goals and policies for the
 * same ids), synthetic-policy parameters for every agent and per agent id, and the context window.
 */
export const AgentConfigSchema = z
  .object({
    name: z.string().regex(/^[\w.-]+$/, 'letters, digits, _ . or -'),
    /** An agents file (as `troupe run --agents` takes), relative to the experiment file; default: the world's agents. */
    file: z.string().min(1).optional(),
    synthetic: z.record(z.string(), z.number()).default({}),
    perAgent: z.record(z.string(), z.record(z.string(), z.number())).default({}),
    window: z.number().int().positive().optional(),
  })
  .strict();
export type AgentConfig = z.infer<typeof AgentConfigSchema>;

/** An arm: a name and its mitigations; or a string in the `--arms` syntax (`none`, `goal-reinject:k=4`, …). */
export const ArmSchema = z.union([
  z.string().min(1),
  z.object({ name: z.string().min(1), mitigations: z.array(MitigationSpecSchema) }).strict(),
]);

/** Metric families a summary can report. */
export const METRIC_FAMILIES = ['success', 'progress', 'turns', 'flags', 'failures', 'termination', 'interventions'] as const;
export type MetricFamily = (typeof METRIC_FAMILIES)[number];

/** How the statistics are computed. */
export const StatsOptionsSchema = z
  .object({
    confidence: z.number().gt(0).lt(1).default(0.95),
    resamples: z.number().int().min(100).default(2000),
    permutations: z.number().int().min(100).default(10000),
    /** Seed of the statistics' own RNG streams. */
    seed: z.number().int().min(0).default(1),
    /**
     * Unit of the arm-vs-baseline comparisons: `pair` (default) — the pair of
     * runs with the same instance and seed; the bootstrap resamples pairs within
     * each instance and the permutation test flips each pair, so inference is
     * about the experiment's instances. `instance` — per-instance mean
     * differences; generalises to new instances but needs many of them (with
     * n instances no p-value is below 2/2^n).
     */
    unit: z.enum(['pair', 'instance']).default('pair'),
  })
  .strict();
export type StatsOptions = z.infer<typeof StatsOptionsSchema>;

/**
 * An LLM judge of every run of the sweep (as `troupe sweep --judge-model`, whose flags override these): its flags are
 * reported per arm as `flags/100t judge.*`.
 */
export const ExperimentJudgeSchema = z
  .object({
    model: z.string().min(1),
    baseUrl: OpenAIPolicySpecSchema.shape.baseUrl,
    apiKeyEnv: OpenAIPolicySpecSchema.shape.apiKeyEnv,
    temperature: z.number().min(0).max(2).default(0),
    history: z.number().int().min(0).max(200).default(8),
    output: z.enum(['json_schema', 'prompt']).default('json_schema'),
  })
  .strict();
export type ExperimentJudge = z.infer<typeof ExperimentJudgeSchema>;

export const ExperimentSchema = z
  .object({
    format: z.literal(EXPERIMENT_FORMAT).optional(),
    name: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, . _ or -, as it names a directory'),
    description: z.string().default(''),
    worlds: z.array(ExperimentWorldSchema).min(1),
    agents: z.array(AgentConfigSchema).min(1).default([{ name: 'default', synthetic: {}, perAgent: {} }]),
    arms: z.array(ArmSchema).min(1),
    /** The arm the others are compared with (default: the first). */
    baseline: z.string().optional(),
    seeds: SeedsSchema,
    metrics: z
      .array(z.enum(METRIC_FAMILIES))
      .min(1)
      .refine((m) => new Set(m).size === m.length, { message: 'each metric family once (a repeated one would be reported, and counted among the comparisons, twice)' })
      .default([...METRIC_FAMILIES]),
    /** pass^k is reported for these k (needs ≥ k seeds per instance). */
    passK: z.array(z.number().int().min(1)).min(1).default([1, 2, 4]),
    /** A run succeeds when its final goal progress (from its `run.end`) reaches this. */
    successAt: z.number().gt(0).max(1).default(1),
    /** Monitors to run online (default: the config default, all of them). */
    monitors: MonitorConfigSchema.refine((m) => m.enabled === null || new Set(m.enabled).size === m.enabled.length, {
      message: 'each monitor once in "enabled"',
    }).optional(),
    stats: StatsOptionsSchema.default(StatsOptionsSchema.parse({})),
    judge: ExperimentJudgeSchema.optional(),
  })
  .strict();

export type ExperimentInput = z.input<typeof ExperimentSchema>;
export type ExperimentSpec = z.output<typeof ExperimentSchema>;

/**
 * Where an experiment was written, so that an error names what the user
 * wrote: `where` opens the message ("Experiment file /x/exp.json", "The
 * experiment"); `flags` renames the field paths an ad-hoc sweep took from
 * command-line flags (`{ 'worlds[0].world': '--world' }`).
 */
export interface ExperimentSource {
  readonly where: string;
  readonly flags?: Readonly<Record<string, string>>;
}
