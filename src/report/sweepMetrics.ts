import type { MetricFamily } from '../experiment/Experiment.ts';
import type { RunRecord } from '../experiment/RunRecord.ts';
import { MONITOR_NAMES } from '../monitors/index.ts';
import { JUDGE_MONITORS } from '../monitors/judge/judgeVerdict.ts';
import type { Bounds } from './statistics/index.ts';

/** One reported metric: a per-run value, aggregated per instance then over instances. */
export interface SweepMetric {
  readonly name: string;
  readonly family: MetricFamily;
  /** The run's value; null when the metric does not apply (e.g. turns to success of a failed run). */
  readonly value: (record: RunRecord) => number | null;
  /** For pass^k: k (the per-instance statistic is pass^k of the 0/1 values); null for means. */
  readonly passK: number | null;
  /** A share in [0, 1] (printed with 3 decimals). */
  readonly share: boolean;
  /** The values it can take, which its intervals never leave: [0, 1] for a share, [0, ∞) for counts and rates. */
  readonly bounds: Bounds;
}

const FAILURE_KINDS = ['role-flip', 'flake', 'loop', 'drift'] as const;

/** Did a run succeed: its final goal progress (from its `run.end`) reached `successAt`. */
export function succeeded(record: RunRecord, successAt: number): boolean {
  return record.progress >= successAt - 1e-9;
}

/**
 * The metrics of the chosen families, for the monitors and termination
 * reasons that occur in `records`.
 *
 * - success: pass^k for each k (pass^1 = share of runs that succeed);
 * - progress: final goal progress; turns: turns, and turns of successful runs;
 * - flags: flags (warnings and critical findings; info notes are not counted) per 100 turns, per monitor that
 *   ran; failures: injected failures
 *   (synthetic ground truth) per 100 turns, per kind and all, and per kind those a guard refused (when any was);
 * - termination: share of runs per termination reason;
 * - interventions: interventions and characters of notes per run.
 *
 * @example sweepMetrics(records, ['success', 'flags'], [1, 4], 1).map((m) => m.name)
 */
export function sweepMetrics(records: readonly RunRecord[], families: readonly MetricFamily[], passK: readonly number[], successAt: number): SweepMetric[] {
  const out: Omit<SweepMetric, 'bounds'>[] = [];
  const per100 = (n: number, r: RunRecord) => (100 * n) / Math.max(1, r.turns);
  const success = (r: RunRecord) => (succeeded(r, successAt) ? 1 : 0);
  for (const family of families) {
    switch (family) {
      case 'success':
        for (const k of [...new Set(passK)].sort((a, b) => a - b)) out.push({ name: `pass^${k}`, family, value: success, passK: k === 1 ? null : k, share: true });
        break;
      case 'progress':
        out.push({ name: 'progress', family, value: (r) => r.progress, passK: null, share: true });
        break;
      case 'turns':
        out.push({ name: 'turns', family, value: (r) => r.turns, passK: null, share: false });
        out.push({ name: 'turns to success', family, value: (r) => (succeeded(r, successAt) ? r.turns : null), passK: null, share: false });
        break;
      case 'flags': {
        // Every monitor that ran gets its row, 0 when it raised nothing; a run it did not watch has no value.
        const ran = new Set(records.flatMap((r) => [...r.monitors, ...Object.keys(r.flags)]));
        // The built-in monitors, then an LLM judge's (in the same order of kinds), then modules of your own by name.
        const known = [...MONITOR_NAMES, ...Object.keys(JUDGE_MONITORS)];
        const monitors = [...known.filter((m) => ran.has(m)), ...[...ran].filter((m) => !known.includes(m)).sort()];
        for (const m of monitors) {
          out.push({ name: `flags/100t ${m}`, family, value: (r) => (r.monitors.includes(m) ? per100(r.flags[m] ?? 0, r) : null), passK: null, share: false });
        }
        break;
      }
      case 'failures':
        for (const kind of FAILURE_KINDS) out.push({ name: `failures/100t ${kind}`, family, value: (r) => per100(r.failures[kind], r), passK: null, share: false });
        out.push({
          name: 'failures/100t all',
          family,
          value: (r) => per100(FAILURE_KINDS.reduce((s, k) => s + r.failures[k], 0), r),
          passK: null,
          share: false,
        });
        // Failures a guard kept out of the conversation (the agent decided again): only when some arm refused any.
        for (const kind of FAILURE_KINDS.filter((k) => records.some((r) => r.refused[k] > 0))) {
          out.push({ name: `refused/100t ${kind}`, family, value: (r) => per100(r.refused[kind], r), passK: null, share: false });
        }
        break;
      case 'termination': {
        const reasons = [...new Set(records.map((r) => r.termination))].sort();
        for (const reason of reasons) out.push({ name: `end ${reason}`, family, value: (r) => (r.termination === reason ? 1 : 0), passK: null, share: true });
        break;
      }
      case 'interventions':
        out.push({ name: 'interventions/run', family, value: (r) => r.interventions.note + r.interventions.block + r.interventions.stop, passK: null, share: false });
        out.push({ name: 'note chars/run', family, value: (r) => r.noteChars, passK: null, share: false });
        break;
    }
  }
  // Every metric here is a share or a count, a rate or a length, none of which goes below 0.
  return out.map((m) => ({ ...m, bounds: m.share ? [0, 1] : [0, Infinity] }));
}
