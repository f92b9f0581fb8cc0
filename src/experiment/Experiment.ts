import { z } from 'zod';
import { MitigationSpecSchema, MonitorConfigSchema } from '../core/config.ts';

/**
 * The vocabulary of experiments. An experiment crosses worlds (each with its
 * instances) × agent configurations × mitigation arms × seeds, and names the
 * metrics to report. An **instance** is a world with fixed parameters (e.g.
 * camel-roleplay with task=trading-bot); the seeds are repeated trials of
 * every instance, and every arm runs the same instances with the same seeds
 * (paired design).
 */

export const EXPERIMENT_FORMAT = 'troupe.experiment/1';

/** Seeds as `"1..200"`, `{ from, to }` or a list; always a list of distinct integers afterwards. */
export const SeedsSchema = z
  .union([
    z.string().regex(/^\s*\d+\s*\.\.\s*\d+\s*$/, 'a range "FROM..TO", e.g. "1..200"'),
    z.object({ from: z.number().int().min(0), to: z.number().int().min(0) }).strict(),
    z.array(z.number().int().min(0).max(2 ** 32 - 1)).min(1),
  ])
  .refine((s) => {
    const range = rangeOf(s);
    return range === null || range[0] <= range[1];
  }, 'a range must not end before it starts')
  .transform((s) => {
    const range = rangeOf(s);
    const list = range ? Array.from({ length: range[1] - range[0] + 1 }, (_, i) => range[0] + i) : (s as number[]);
    return [...new Set(list)];
  });

function rangeOf(s: string | { from: number; to: number } | number[]): [number, number] | null {
  if (typeof s === 'string') {
    const [from, to] = s.split('..').map((x) => Number(x.trim()));
    return [from!, to!];
  }
  return Array.isArray(s) ? null : [s.from, s.to];
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

/** An agent configuration: synthetic-policy parameters for every agent and per agent id, and the context window. */
export const AgentConfigSchema = z
  .object({
    name: z.string().regex(/^[\w.-]+$/, 'letters, digits, _ . or -'),
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
    metrics: z.array(z.enum(METRIC_FAMILIES)).min(1).default([...METRIC_FAMILIES]),
    /** pass^k is reported for these k (needs ≥ k seeds per instance). */
    passK: z.array(z.number().int().min(1)).min(1).default([1, 2, 4]),
    /** A run succeeds when its final goal progress (from its `run.end`) reaches this. */
    successAt: z.number().gt(0).max(1).default(1),
    /** Monitors to run online (default: the config default, all of them). */
    monitors: MonitorConfigSchema.optional(),
    stats: StatsOptionsSchema.default(StatsOptionsSchema.parse({})),
  })
  .strict();

export type ExperimentInput = z.input<typeof ExperimentSchema>;
export type ExperimentSpec = z.output<typeof ExperimentSchema>;
