import { z } from 'zod';
import { AgentSpecSchema } from './specs.ts';

/** Conversation entries each policy call is shown by default (`--window`). */
export const DEFAULT_WINDOW = 24;

/** How much of the conversation goes into each policy call. The role card and goal are always restated. */
export const ContextSpecSchema = z.object({
  /** Number of most recent conversation entries shown after the system prompt. */
  window: z.number().int().positive().default(DEFAULT_WINDOW),
});
export type ContextSpec = z.infer<typeof ContextSpecSchema>;

/** A mitigation arm entry; each mitigation validates its own params. */
export const MitigationSpecSchema = z.object({
  kind: z.string().min(1),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
});
export type MitigationSpec = z.infer<typeof MitigationSpecSchema>;
export type MitigationSpecInput = z.input<typeof MitigationSpecSchema>;

/** Which monitors run online, with optional threshold overrides per monitor. */
export const MonitorConfigSchema = z.object({
  enabled: z.array(z.string()).nullable().default(null),
  params: z.record(z.string(), z.record(z.string(), z.number())).default({}),
});
export type MonitorConfig = z.infer<typeof MonitorConfigSchema>;

/** The largest run seed: seeds are 32-bit. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * The fully resolved configuration of one run. The run id is the hash of this
 * object, so two runs with equal configs are the same run.
 */
export const RunConfigSchema = z.object({
  world: z.string().min(1),
  worldParams: z.record(z.string(), z.unknown()).default({}),
  agents: z.array(AgentSpecSchema).min(1),
  seed: z.number().int().min(0).max(MAX_SEED),
  maxTurns: z.number().int().positive(),
  maxMessages: z.number().int().positive().nullable().default(null),
  context: ContextSpecSchema.default({ window: DEFAULT_WINDOW }),
  mitigations: z.array(MitigationSpecSchema).default([]),
  monitors: MonitorConfigSchema.default({ enabled: null, params: {} }),
});
export type RunConfig = z.infer<typeof RunConfigSchema>;
export type RunConfigInput = z.input<typeof RunConfigSchema>;
