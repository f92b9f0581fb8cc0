import { z } from 'zod';
import { parseOrExplain, UserError } from '../core/errors.ts';
import { MONITORS } from '../monitors/registry.ts';

/**
 * MAST failure modes (Cemri et al. 2025) that troupe's monitors detect, and
 * which monitor answers for each. Other modes (verification, task
 * specification, …) have no monitor and are dropped.
 */
export const MAST_TO_MONITOR: Readonly<Record<string, string>> = {
  'FM-1.2': 'role-flip',
  'FM-1.3': 'infinite-loop',
  'FM-1.5': 'infinite-loop',
  'FM-2.3': 'drift',
  'FM-2.6': 'flake-reply',
};

/** The names a label may use: the monitors that detect a failure kind (camel-rules is a conformance baseline, not a kind). */
export const LABEL_KINDS: readonly string[] = MONITORS.filter((m) => m.kind !== null).map((m) => m.name);

/**
 * Trace-level labels for `eval monitors --labels`: transcript id → failure
 * kinds (monitor names) present. An unknown kind (a typo such as "role-flp")
 * is refused naming the transcript: unchecked, it would count as a label no
 * monitor answers and silently lower recall.
 */
export const LabelsSchema = z.record(z.string(), z.array(z.string())).superRefine((labels, ctx) => {
  for (const [id, kinds] of Object.entries(labels)) {
    kinds.forEach((kind, i) => {
      if (LABEL_KINDS.includes(kind)) return;
      ctx.addIssue({ code: 'custom', path: [id, i], message: `transcript "${id}": unknown failure kind ${JSON.stringify(kind)}; known kinds: ${LABEL_KINDS.join(', ')}` });
    });
  }
});
export type Labels = z.infer<typeof LabelsSchema>;

const GoldSchema = z.object({
  labels: z.record(z.string(), z.object({ present: z.array(z.string()) })),
});

/**
 * Map a MAST gold-label file (`{ labels: { <trace id>: { present: ["FM-1.2", …] } } }`)
 * to troupe labels. Every trace appears, with `[]` when none of its modes has a monitor,
 * so clean traces count as negatives.
 *
 * @example mastLabels(gold) // { "rate-limiter": ["role-flip"], "linked-list-merge": [] }
 */
export function mastLabels(gold: unknown, where = 'The gold-label file'): Labels {
  if (Array.isArray(gold)) throw new UserError(`${where} is an array, which looks like AG2 records: pass it as the file argument, and the MAST gold labels ({ "labels": { <trace id>: { "present": [...] } } }) with --gold.`);
  const parsed = parseOrExplain(GoldSchema, gold, where);
  const out: Labels = {};
  for (const [id, entry] of Object.entries(parsed.labels)) {
    const kinds = new Set<string>();
    for (const code of entry.present) {
      const monitor = MAST_TO_MONITOR[code];
      if (monitor) kinds.add(monitor);
    }
    out[id] = [...kinds].sort();
  }
  return out;
}
