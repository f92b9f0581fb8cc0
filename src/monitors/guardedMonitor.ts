import { z } from 'zod';
import { UserCodeError } from '../core/errors.ts';
import { EvidenceSchema } from '../core/events.ts';
import { userCodeThrew } from '../core/userCodeThrew.ts';
import { shownValue } from '../core/shownValue.ts';
import type { Conversation } from './Conversation.ts';
import type { Finding, MonitorRun, MonitorSpec } from './defineMonitor.ts';

/** What a finding must be: it is recorded as a flag (plain JSON, no stray fields) and shown, monitored and scored. */
const FindingSchema = z
  .object({
    agent: z.string().nullable(),
    span: z.object({ start: z.number().int(), end: z.number().int() }).strict(),
    score: z.number().refine(Number.isFinite, 'a finite number'),
    severity: z.enum(['info', 'warning', 'critical']),
    evidence: z.array(EvidenceSchema.strict()),
    explanation: z.string(),
  })
  .strict();

/**
 * A monitor of the user's (a module at `file`, or one handed to the run in code: `file` null) with its mistakes made
 * troupe's errors, naming it: what its `create`, `onMessage` or `onEnv` throws, and a finding that is not one (a
 * string, a NaN score, an unknown severity, an agent or events not of this run), end the run in error as its code's
 * (a UserCodeError), instead of an internal error or a flag no reader can show. Built-in monitors are not wrapped:
 * their mistakes are troupe's.
 */
export function guardedMonitor(spec: MonitorSpec, file: string | null): MonitorSpec {
  const who = `monitor "${spec.name}"${file ? ` (${file})` : ''}`;
  const call = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw userCodeThrew(who, file, error);
    }
  };
  const checked = (callback: string, value: Finding | null | undefined, c: Conversation, now: number, speaker: string | null): Finding | null => {
    if (value === null || value === undefined) return null;
    const parsed = FindingSchema.safeParse(value);
    const wrong = parsed.success ? notOfThisRun(value, c, now, speaker) : issueText(parsed.error.issues[0]!);
    if (wrong === null) return value;
    throw new UserCodeError(`${who}: ${callback} returned ${shownValue(value)}, which is not a finding: ${wrong}. Return finding(m, score, severity, explanation) or null.`);
  };
  return {
    ...spec,
    create: (params) => {
      const run: MonitorRun = call(() => spec.create(params));
      const { onMessage, onEnv } = run;
      return {
        ...(onMessage && { onMessage: (m, c) => checked('onMessage', call(() => onMessage.call(run, m, c)), c, m.seq, m.from) }),
        ...(onEnv && { onEnv: (e, c) => checked('onEnv', call(() => onEnv.call(run, e, c)), c, e.seq, null) }),
      };
    },
  };
}

function issueText(issue: z.core.$ZodIssue): string {
  return `${issue.message}${issue.path.length ? ` (at ${issue.path.join('.')})` : ''}`;
}

/**
 * What in a well-formed finding does not fit the run it is about, or null: an agent that is neither one of the
 * run's nor the `speaker` of the message judged (a transcript's user, the world), a span or evidence outside the
 * events seen so far (`now` is the seq of the event judged). Readers place a flag by its span and agent (the scorer
 * counts it at its span's turn), so such a flag would be counted somewhere false.
 */
function notOfThisRun(f: Finding, c: Conversation, now: number, speaker: string | null): string | null {
  if (f.agent !== null && f.agent !== speaker && !c.agents.has(f.agent)) return `agent ${JSON.stringify(f.agent)} is not in this run (its agents: ${[...c.agents.keys()].join(', ')}; null for none)`;
  if (f.span.start < 0 || f.span.start > f.span.end || f.span.end > now) return `its span ${f.span.start}..${f.span.end} is not a range of the events so far (seqs 0..${now}, start ≤ end)`;
  const late = f.evidence.find((e) => e.seq < 0 || e.seq > now);
  if (late) return `its evidence cites seq ${late.seq}, not an event so far (seqs 0..${now})`;
  return null;
}
