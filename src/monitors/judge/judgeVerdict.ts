import { z } from 'zod';
import type { FailureKind } from '../../core/events.ts';
import type { FlagInput } from '../defineMonitor.ts';
import type { JudgedMessage } from './judgePrompt.ts';

/** What the judge answers for one message. */
export const JudgeVerdictSchema = z.object({
  role_flip: z.boolean(),
  flake: z.boolean(),
  loop: z.boolean(),
  drift: z.boolean(),
  explanation: z.string(),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;

/**
 * The judge's flags go by these monitor names, one per failure kind, so they
 * are scored and counted apart from the built-in monitors (a monitor's own name
 * cannot hold a dot: `.` separates it from a threshold in `--param`). `label`
 * is the kind's name in trace-level labels: the built-in monitor's for it.
 */
export const JUDGE_MONITORS = {
  'judge.role-flip': { field: 'role_flip', kind: 'role-flip', label: 'role-flip' },
  'judge.flake': { field: 'flake', kind: 'flake', label: 'flake-reply' },
  'judge.loop': { field: 'loop', kind: 'loop', label: 'infinite-loop' },
  'judge.drift': { field: 'drift', kind: 'drift', label: 'drift' },
} as const satisfies Record<string, { field: keyof JudgeVerdict; kind: FailureKind; label: string }>;
export type JudgeMonitor = keyof typeof JUDGE_MONITORS;

/** The failure kind a judge flag claims, or null for another monitor's name. */
export function judgeKind(monitor: string): FailureKind | null {
  return Object.hasOwn(JUDGE_MONITORS, monitor) ? JUDGE_MONITORS[monitor as JudgeMonitor].kind : null;
}

const EXCERPT = 160;

/** The judge monitors a verdict marks, in `JUDGE_MONITORS`' order. */
export function verdictMonitors(verdict: JudgeVerdict): JudgeMonitor[] {
  return (Object.keys(JUDGE_MONITORS) as JudgeMonitor[]).filter((m) => verdict[JUDGE_MONITORS[m].field]);
}

/** The flags a verdict raises on a message: one per failure it marks, with the judge's explanation and the message as evidence. */
export function verdictFlags(verdict: JudgeVerdict, message: JudgedMessage, model: string): FlagInput[] {
  const text = message.content.replace(/\s+/g, ' ').trim();
  const excerpt = text.length === 0 ? '(empty message)' : text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
  return verdictMonitors(verdict).map((monitor) => ({
    type: 'flag' as const,
    monitor,
    agent: message.from,
    span: { start: message.seq, end: message.seq },
    score: 1,
    severity: 'warning' as const,
    evidence: [{ seq: message.seq, excerpt }],
    explanation: `LLM judge (${model}): ${verdict.explanation.replace(/\s+/g, ' ').trim() || '(no explanation)'}`,
  }));
}
