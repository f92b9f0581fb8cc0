import { z } from 'zod';
import { RunConfigSchema } from '../core/config.ts';
import { TerminationReasonSchema } from '../core/events.ts';

/**
 * Run-file format name and the version this code writes. Older versions are
 * converted on load (`readRun`). Version 2 changed only how `model.request`'s
 * `requestHash` is computed (see RequestEncoder); a version-1 file reads as it
 * is and re-runs (replay, fork, resume) under version 1's rule.
 */
export const RUN_FORMAT = 'troupe.run';
export const RUN_FORMAT_VERSION = 2;

/** A change of configuration that takes effect after event `at` (see `applyChange` in forkChange.ts). */
export const ForkPointSchema = z.object({
  /** Seq of the last event produced under the previous configuration's decisions. */
  at: z.number().int().min(0),
  /** What was changed, as flag-like key/values (`policy`, `seed`, `--set` keys). */
  change: z.record(z.string(), z.string()),
});
export type ForkPoint = z.infer<typeof ForkPointSchema>;

/**
 * Where a forked run came from. A forked run's header `config` is the config
 * its events started under; `change` (and any earlier `lineage` changes)
 * took effect after their fork points.
 */
export const ParentSchema = z.object({
  runId: z.string(),
  /** The parent's chain hash at the fork point. */
  hash: z.string(),
  /** Seq of the last parent event kept. */
  at: z.number().int(),
  /** What was changed, as flag-like key/values. */
  change: z.record(z.string(), z.string()),
  /** A fork of a fork: the parent's own fork points up to `at`, oldest first (absent when none). */
  lineage: z.array(ForkPointSchema).optional(),
  /** A fork of a fork: the run whose `run.start` begins the shared history, when it is not `runId` (see `historyRunId`). */
  origin: z.string().optional(),
});
export type Parent = z.infer<typeof ParentSchema>;

/**
 * The run id a run's `run.start` event names. A fork shares its parent's
 * past byte for byte, `run.start` included, so for a fork this is the run its
 * history started as — the parent, or the parent's own origin.
 */
export function historyRunId(header: { readonly runId: string; readonly parent: Parent | null }): string {
  return header.parent ? (header.parent.origin ?? header.parent.runId) : header.runId;
}

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
    /** Source hash of each mitigation module the run uses, by absolute path (absent when it uses none). */
    mitigationSources: z.record(z.string(), z.string()).optional(),
    /** The same for each monitor module. */
    monitorSources: z.record(z.string(), z.string()).optional(),
  }),
  parent: ParentSchema.nullable(),
  meta: HeaderMetaSchema,
  h: z.string(),
});
export type RunHeader = z.infer<typeof RunHeaderSchema>;

/** How every seal line begins (the recorder writes `type` first), to spot it without parsing. */
export const SEAL_LINE_START = '{"type":"seal"';

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

/** The chain hash stored at the end of an event line. */
export function hashOfLine(line: string): string {
  return line.slice(line.length - 66, line.length - 2);
}

/**
 * The `type` of an event line without parsing it. In canonical JSON the
 * top-level `type` is the last key holding a `"type":"…"` pair (only `world`,
 * a string, sorts after it; nested objects come earlier), and a quote inside a
 * string value is always escaped, so the last match is the event's own type.
 */
export function typeOfLine(line: string): string | null {
  const at = line.lastIndexOf('"type":"');
  if (at < 0) return null;
  const end = line.indexOf('"', at + 8);
  return end < 0 ? null : line.slice(at + 8, end);
}
