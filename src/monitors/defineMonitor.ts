import type { EventInputOf, EventOf, Evidence, FailureKind } from '../core/events.ts';
import type { Conversation, MessageView } from './Conversation.ts';

/** A flag as a monitor set emits it: the `flag` payload without `seq`/`tick`. */
export type FlagInput = EventInputOf<'flag'>;
export type Severity = FlagInput['severity'];

/** A monitor's finding; the set adds the monitor's name to make it a flag. */
export type Finding = Omit<FlagInput, 'type' | 'monitor'>;

/** The values a threshold can meaningfully take; `resolveParams` refuses others, naming the range. */
export interface ParamRange {
  readonly min: number;
  readonly max?: number;
  /** A count of words, messages or turns: whole numbers only. */
  readonly integer?: boolean;
}

/** A share, similarity or score in [0, 1]. */
export const SHARE: ParamRange = { min: 0, max: 1 };
/** A number of messages or turns that triggers something: at least 1. */
export const COUNT: ParamRange = { min: 1, integer: true };
/** A whole number where 0 is meaningful: no words allowed (`maxSubstance`), or a check turned off (`stallTurns`). */
export const WHOLE: ParamRange = { min: 0, integer: true };

/** One tunable threshold: its default, what it means, and the values it can take. */
export interface ParamSpec {
  readonly value: number;
  readonly doc: string;
  readonly range: ParamRange;
}

/** What a monitor does for one run: react to messages and world updates, return findings. */
export interface MonitorRun {
  onMessage?(m: MessageView, c: Conversation): Finding | null;
  onEnv?(e: EventOf<'env.update'>, c: Conversation): Finding | null;
}

/** A monitor: a name, documented parameters, and a factory for per-run state. */
export interface MonitorSpec<P extends string = string> {
  readonly name: string;
  /** The ground-truth failure kind it detects (for evaluation), or null for conformance monitors. */
  readonly kind: FailureKind | null;
  readonly summary: string;
  readonly params: { readonly [K in P]: ParamSpec };
  create(params: { readonly [K in P]: number }): MonitorRun;
}

/**
 * Declare a monitor. The spec is plain data plus a pure factory; the monitor
 * set handles config, params validation, event routing and flag assembly.
 *
 * @example
 * export const shout = defineMonitor({
 *   name: 'shout', kind: null, summary: 'all-caps messages',
 *   params: { minLength: { value: 10, doc: 'shortest message judged', range: WHOLE } },
 *   create: (p) => ({ onMessage: (m) => m.content.length >= p.minLength && m.content === m.content.toUpperCase()
 *     ? finding(m, 0.5, 'info', 'message is all caps') : null }),
 * });
 */
export function defineMonitor<P extends string>(spec: MonitorSpec<P>): MonitorSpec<P> {
  return spec;
}

/** Evidence from a message: its seq and an excerpt centred on `at` (a match index) or its start. */
export function evidenceOf(m: MessageView, at = 0, width = 110): Evidence {
  const text = m.content.replace(/\s+/g, ' ').trim();
  if (text.length === 0) return { seq: m.seq, excerpt: '(empty message)' };
  // `at` indexes the raw content; whitespace folding shifts it only slightly, so centre approximately.
  const start = Math.max(0, Math.min(at - Math.floor(width / 3), text.length - width));
  const excerpt = text.slice(start, start + width);
  return { seq: m.seq, excerpt: (start > 0 ? '…' : '') + excerpt + (start + width < text.length ? '…' : '') };
}

/** A finding about one message. */
export function finding(
  m: MessageView,
  score: number,
  severity: Severity,
  explanation: string,
  extra: { evidence?: Evidence[]; spanStart?: number; at?: number } = {},
): Finding {
  const evidence = extra.evidence ?? [evidenceOf(m, extra.at ?? 0)];
  return {
    agent: m.from,
    span: { start: extra.spanStart ?? m.seq, end: m.seq },
    score: Math.round(score * 1000) / 1000,
    severity,
    evidence,
    explanation,
  };
}

/** Severity from a score in [0, 1]: ≥ 0.85 critical, ≥ 0.5 warning, else info. */
export function severityOf(score: number): Severity {
  return score >= 0.85 ? 'critical' : score >= 0.5 ? 'warning' : 'info';
}
