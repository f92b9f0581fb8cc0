import { z } from 'zod';
import { parseOrExplain, UserError } from '../core/errors.ts';
import { parseTranscript } from './parseTranscript.ts';
import { TRANSCRIPT_FORMAT, type Transcript } from './TranscriptSchema.ts';

const Ag2MessageSchema = z.object({
  content: z.string().nullable(),
  role: z.string().optional(),
  name: z.string().min(1),
});

const Ag2TraceSchema = z.object({
  problem_statement: z.union([z.string(), z.array(z.string())]).optional(),
  trajectory: z.array(Ag2MessageSchema),
});

const Ag2RecordSchema = z.object({
  trace_id: z.union([z.string().min(1), z.number()]),
  mas_name: z.string().optional(),
  /** The trace, as a JSON string (as AG2/MAST exports it) or already parsed. */
  trace: z.union([z.string(), Ag2TraceSchema]),
});

/**
 * Role descriptions for the usual AG2 GroupChat agents; their system messages
 * are not part of the exported trajectory. Other names get a generic role
 * (acts are then read from the name, e.g. "Reviewer" → review).
 */
export const AG2_ROLES: Readonly<Record<string, string>> = {
  Planner: 'Planner: breaks the task into steps and delegates them to the Coder and the Tester; never writes the implementation or the verification itself.',
  Coder: 'Coder: writes the implementation code for the steps the Planner delegates.',
  Tester: "Tester: tests and verifies the Coder's implementation and reports what passes or fails.",
};

/**
 * Convert AG2 GroupChat trajectories (MAST-style records: `trace_id` plus a
 * `trace` holding `problem_statement` and `trajectory` of `{content, role,
 * name}`) into transcripts, one per record. Input errors name the record and
 * field.
 *
 * @example importAg2(JSON.parse(readFileSync('raw_ag2_records.json', 'utf8')))
 */
export function importAg2(data: unknown, where = 'The AG2 file'): Transcript[] {
  const records = parseOrExplain(z.union([z.array(Ag2RecordSchema), Ag2RecordSchema]), data, where);
  return (Array.isArray(records) ? records : [records]).map((record, i) => {
    let traceData: unknown = record.trace;
    if (typeof traceData === 'string') {
      try {
        traceData = JSON.parse(traceData);
      } catch (error) {
        throw new UserError(`${where}: record #${i + 1} (${record.trace_id}): "trace" is not valid JSON: ${(error as Error).message}`);
      }
    }
    const trace = parseOrExplain(Ag2TraceSchema, traceData, `${where}: the trace of record #${i + 1} (${record.trace_id})`);
    const task = Array.isArray(trace.problem_statement) ? trace.problem_statement.join('\n') : (trace.problem_statement ?? null);
    const names = [...new Set(trace.trajectory.map((m) => m.name))];
    return parseTranscript(
      {
        format: TRANSCRIPT_FORMAT,
        id: String(record.trace_id),
        task,
        agents: names.map((id) => ({ id, role: AG2_ROLES[id] ?? `${id}: an agent of an AG2 group chat.` })),
        messages: trace.trajectory.map((m) => ({ from: m.name, to: null, content: m.content ?? '' })),
      },
      `${where}: record #${i + 1} (${record.trace_id})`,
    );
  });
}
