import { z } from 'zod';
import { RunConfigSchema } from '../core/config.ts';
import { TerminationReasonSchema } from '../core/events.ts';

/** Run-file format name and the version this code writes. Older versions are converted on load (`readRun`). */
export const RUN_FORMAT = 'troupe.run';
export const RUN_FORMAT_VERSION = 1;

/** Where a forked run came from. */
export const ParentSchema = z.object({
  runId: z.string(),
  /** The parent's chain hash at the fork point. */
  hash: z.string(),
  /** Seq of the last parent event kept. */
  at: z.number().int(),
  /** What was changed, as flag-like key/values. */
  change: z.record(z.string(), z.string()),
});
export type Parent = z.infer<typeof ParentSchema>;

/** Metadata kept outside the hash chain: wall clock and environment facts. */
export const HeaderMetaSchema = z.object({
  createdAt: z.string(),
  node: z.string(),
  git: z.string().nullable(),
  lockfileHash: z.string().nullable(),
});

/** Line 1 of a run file. */
export const RunHeaderSchema = z.object({
  type: z.literal('header'),
  format: z.literal(RUN_FORMAT),
  version: z.number().int(),
  project: z.object({ name: z.string(), version: z.string() }),
  runId: z.string(),
  world: z.string(),
  seed: z.number().int(),
  config: RunConfigSchema,
  specHashes: z.object({
    agents: z.record(z.string(), z.string()),
    worldParams: z.string(),
    worldSource: z.string(),
  }),
  parent: ParentSchema.nullable(),
  meta: HeaderMetaSchema,
  h: z.string(),
});
export type RunHeader = z.infer<typeof RunHeaderSchema>;

/** The last line of a complete run file. */
export const SealSchema = z.object({
  type: z.literal('seal'),
  events: z.number().int(),
  /** Chain hash of the last event: the run's fingerprint. */
  finalHash: z.string(),
  counts: z.record(z.string(), z.number().int()),
  termination: TerminationReasonSchema,
  h: z.string(),
});
export type Seal = z.infer<typeof SealSchema>;

/** The hashed part of a header: everything but wall-clock metadata and the hash itself. */
export function headerCore(header: Omit<RunHeader, 'h'> | RunHeader): Omit<RunHeader, 'h' | 'meta'> {
  const { meta: _meta, h: _h, ...core } = header as RunHeader;
  return core;
}

/** Length of the `,"h":"<64 hex>"}` suffix every event line ends with. */
export const HASH_SUFFIX_LENGTH = ',"h":"'.length + 64 + '"}'.length;

/** The canonical event text of an event line (without its hash), by slicing — no re-parse needed. */
export function canonicalOfLine(line: string): string {
  return `${line.slice(0, line.length - HASH_SUFFIX_LENGTH)}}`;
}
