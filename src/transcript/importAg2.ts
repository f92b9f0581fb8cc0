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

/** What an AG2 records file holds, for errors about a wrong top-level shape. */
const EXPECTED = 'a JSON array of AG2 records ({ "trace_id", "trace" }, as MAST exports them), one such record, or JSONL with one record per line';

/**
 * The records of an AG2 file, or a UserError naming the file and what was
 * expected: a wrapper object (`{ "records": [...] }`) or a MAST gold-label
 * file passed as records is recognised and explained.
 */
function recordsOf(data: unknown, where: string): z.infer<typeof Ag2RecordSchema>[] {
  if (Array.isArray(data)) return parseOrExplain(z.array(Ag2RecordSchema), data, where);
  if (data === null || typeof data !== 'object') throw new UserError(`${where}: expected ${EXPECTED}; got ${data === null ? 'null' : typeof data}.`);
  const keys = Object.keys(data);
  if ('trace_id' in data || 'trace' in data) return [parseOrExplain(Ag2RecordSchema, data, where)];
  if ('labels' in data) throw new UserError(`${where} looks like a MAST gold-label file ({ "labels": … }): pass it with --gold, and the AG2 records as the file argument.`);
  const arrays = keys.filter((k) => Array.isArray((data as Record<string, unknown>)[k]));
  const hint = arrays.length ? ` If the records are in "${arrays[0]}", extract that array into a file of its own.` : '';
  throw new UserError(`${where}: expected ${EXPECTED}; got an object with keys ${keys.map((k) => `"${k}"`).join(', ') || '(none)'}.${hint}`);
}

/**
 * Convert AG2 GroupChat trajectories (MAST-style records: `trace_id` plus a
 * `trace` holding `problem_statement` and `trajectory` of `{content, role,
 * name}`) into transcripts, one per record. Input errors name the record and
 * field; two records with the same `trace_id` are refused (each transcript is
 * one file named after its id, so one would silently replace the other).
 *
 * @example importAg2(JSON.parse(readFileSync('raw_ag2_records.json', 'utf8')))
 */
export function importAg2(data: unknown, where = 'The AG2 file'): Transcript[] {
  const records = recordsOf(data, where);
  const seen = new Map<string, number>();
  records.forEach((record, i) => {
    const id = String(record.trace_id);
    const first = seen.get(id);
    if (first !== undefined) throw new UserError(`${where}: records #${first + 1} and #${i + 1} have the same trace_id "${id}"; trace ids must be unique.`);
    seen.set(id, i);
  });
  return records.map((record, i) => {
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
