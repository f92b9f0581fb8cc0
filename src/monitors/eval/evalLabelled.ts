import type { Transcript } from '../../transcript/TranscriptSchema.ts';
import { transcriptToEvents } from '../../transcript/transcriptToEvents.ts';
import type { Labels } from '../../transcript/mastLabels.ts';
import { createMonitorSet, type MonitorConfigInput } from '../createMonitorSet.ts';
import type { FlagInput } from '../defineMonitor.ts';
import { monitorEvents } from '../monitorEvents.ts';
import { prf1, round4, type MonitorScore } from './scoreRun.ts';

/** One transcript's verdict for one monitor: labelled with its kind, flagged by it. */
export interface TraceVerdict {
  readonly id: string;
  readonly labelled: boolean;
  readonly flagged: boolean;
  /** Message indices of the monitor's scored flags. */
  readonly at: readonly number[];
}

/** What `eval monitors --transcripts … --labels …` reports. */
export interface LabelledReport {
  readonly monitors: Record<string, MonitorScore>;
  readonly traces: {
    readonly scored: number;
    /** Transcript ids without an entry in the labels (skipped). */
    readonly unlabelled: readonly string[];
    /** Label ids without a transcript (a typo, or labels for another folder). */
    readonly unmatchedLabels: readonly string[];
    readonly messages: number;
  };
  readonly verdicts: Record<string, readonly TraceVerdict[]>;
}

/**
 * Score monitors against trace-level labels (`{ <transcript id>: [<monitor>,
 * …] }`: the failure kinds present, named by monitor). Per monitor, a trace
 * is a true positive when it is labelled with the monitor and the monitor
 * raised at least one flag of severity warning or critical on it. Latency
 * is not defined at trace level (null); `falsePerKTurns` counts the monitor's
 * flags on traces not labelled with it per 1,000 messages of those traces.
 * Transcripts without an entry in `labels` are skipped and listed, as are
 * labels without a transcript.
 */
export function evalLabelled(transcripts: readonly Transcript[], labels: Labels, config: MonitorConfigInput = {}): LabelledReport {
  const names = createMonitorSet(config).names;
  const traces = transcripts.map((t) => {
    const converted = transcriptToEvents(t);
    return { id: t.id, messages: t.messages.length, firstMessageSeq: converted.firstMessageSeq, flags: monitorEvents(converted.events, config) };
  });
  return scoreTraces(traces, labels, names);
}

/** A transcript's flags, for trace-level scoring. */
export interface FlaggedTrace {
  readonly id: string;
  readonly messages: number;
  /** The seq of its first message among the converted events (`transcriptToEvents`): flag spans are seqs. */
  readonly firstMessageSeq: number;
  readonly flags: readonly FlagInput[];
}

/**
 * `evalLabelled`'s scoring of flags already raised (by the monitors, or by
 * `troupe judge`), for the monitors `names`; `labelOf` names the label kind
 * each answers for (a monitor's own name, or `judge.flake` → `flake-reply`).
 */
export function scoreTraces(traces: readonly FlaggedTrace[], labels: Labels, names: readonly string[], labelOf: (name: string) => string = (n) => n): LabelledReport {
  const verdicts: Record<string, TraceVerdict[]> = Object.fromEntries(names.map((n) => [n, []]));
  const negatives: Record<string, { flags: number; messages: number }> = Object.fromEntries(names.map((n) => [n, { flags: 0, messages: 0 }]));
  const unlabelled: string[] = [];
  let messages = 0;
  let scored = 0;
  for (const t of traces) {
    const present = labels[t.id];
    if (!present) {
      unlabelled.push(t.id);
      continue;
    }
    scored++;
    messages += t.messages;
    const flags = t.flags.filter((f) => f.severity !== 'info');
    for (const name of names) {
      const mine = flags.filter((f: FlagInput) => f.monitor === name);
      const labelled = present.includes(labelOf(name));
      verdicts[name]!.push({ id: t.id, labelled, flagged: mine.length > 0, at: mine.map((f) => f.span.end - t.firstMessageSeq) });
      if (!labelled) {
        negatives[name]!.flags += mine.length;
        negatives[name]!.messages += t.messages;
      }
    }
  }
  const monitors: Record<string, MonitorScore> = {};
  for (const name of names) {
    const v = verdicts[name]!;
    const tp = v.filter((x) => x.labelled && x.flagged).length;
    const fp = v.filter((x) => !x.labelled && x.flagged).length;
    const fn = v.filter((x) => x.labelled && !x.flagged).length;
    const { precision, recall, f1 } = prf1(tp, tp + fp, tp, tp + fn);
    const neg = negatives[name]!;
    monitors[name] = {
      precision: round4(precision),
      recall: round4(recall),
      f1: round4(f1),
      latencyTurns: null,
      falsePerKTurns: neg.messages === 0 ? null : round4((neg.flags * 1000) / neg.messages),
    };
  }
  const ids = new Set(traces.map((t) => t.id));
  const unmatchedLabels = Object.keys(labels).filter((id) => !ids.has(id));
  return { monitors, traces: { scored, unlabelled, unmatchedLabels, messages }, verdicts };
}
