import { z } from 'zod';

/** Format name and version of troupe's transcript files. */
export const TRANSCRIPT_FORMAT = 'troupe.transcript/1';

export const TranscriptAgentSchema = z.object({
  id: z.string().min(1, 'an agent id must not be empty'),
  /** Free-text role description; monitors read acts (plan, build, test, …) from it. */
  role: z.string().min(1, 'describe the role in a few words'),
  goal: z.string().min(1).nullable().optional(),
});

export const TranscriptMessageSchema = z.object({
  from: z.string().min(1, 'say which agent sent the message'),
  to: z.string().nullable().optional(),
  content: z.string(),
});

/**
 * A foreign conversation for offline monitoring (`troupe monitor file.json`).
 * Flags over a transcript refer to 0-based indices into `messages`.
 *
 * @example
 * { "format": "troupe.transcript/1", "id": "demo", "task": "Write a CSV parser",
 *   "agents": [{ "id": "Planner", "role": "plans and delegates" }, { "id": "Coder", "role": "writes the code" }],
 *   "messages": [{ "from": "Planner", "to": "Coder", "content": "Please implement parse()." }] }
 */
export const TranscriptSchema = z
  .object({
    format: z.literal(TRANSCRIPT_FORMAT, { error: `format must be "${TRANSCRIPT_FORMAT}"` }),
    id: z.string().min(1),
    task: z.string().nullable().optional(),
    agents: z.array(TranscriptAgentSchema).min(1, 'list at least one agent'),
    messages: z.array(TranscriptMessageSchema),
  })
  .superRefine((t, ctx) => {
    const ids = new Set<string>();
    t.agents.forEach((a, i) => {
      if (ids.has(a.id)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'id'], message: `duplicate agent id "${a.id}"` });
      ids.add(a.id);
    });
    t.messages.forEach((m, i) => {
      if (ids.size > 0 && !ids.has(m.from)) {
        ctx.addIssue({ code: 'custom', path: ['messages', i, 'from'], message: `"${m.from}" is not one of the agents (${[...ids].join(', ')})` });
      }
    });
  });
export type Transcript = z.infer<typeof TranscriptSchema>;
export type TranscriptInput = z.input<typeof TranscriptSchema>;
