import { z } from 'zod';
import { UserCodeError } from '../core/errors.ts';
import { EvidenceSchema } from '../core/events.ts';
import { userCodeThrew } from '../core/userCodeThrew.ts';
import { shownValue } from '../core/shownValue.ts';
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
 * string, a NaN score, an unknown severity), end the run in error as its code's (a UserCodeError), instead of an
 * internal error or a flag no reader can show. Built-in monitors are not wrapped: their mistakes are troupe's.
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
  const checked = (callback: string, value: Finding | null | undefined): Finding | null => {
    if (value === null || value === undefined) return null;
    const parsed = FindingSchema.safeParse(value);
    if (parsed.success) return value;
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? ` (at ${issue.path.join('.')})` : '';
    throw new UserCodeError(`${who}: ${callback} returned ${shownValue(value)}, which is not a finding: ${issue.message}${field}. Return finding(m, score, severity, explanation) or null.`);
  };
  return {
    ...spec,
    create: (params) => {
      const run: MonitorRun = call(() => spec.create(params));
      const { onMessage, onEnv } = run;
      return {
        ...(onMessage && { onMessage: (m, c) => checked('onMessage', call(() => onMessage.call(run, m, c))) }),
        ...(onEnv && { onEnv: (e, c) => checked('onEnv', call(() => onEnv.call(run, e, c))) }),
      };
    },
  };
}
