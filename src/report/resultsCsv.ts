import type { RunRecord } from '../experiment/RunRecord.ts';
import { MONITOR_NAMES } from '../monitors/index.ts';
import { succeeded } from './sweepMetrics.ts';

const FAILURE_KINDS = ['role-flip', 'flake', 'loop', 'drift'] as const;

/**
 * One row per run: its design cell, outcomes, flags per monitor, injected
 * failures per kind and those a guard refused — the raw material for any analysis beyond the summary.
 *
 * @example writeFileSync(join(dir, 'results.csv'), resultsCsv(records, 1))
 */
export function resultsCsv(records: readonly RunRecord[], successAt: number): string {
  const seen = new Set(records.flatMap((r) => Object.keys(r.flags)));
  const monitors = [...MONITOR_NAMES, ...[...seen].filter((m) => !MONITOR_NAMES.includes(m)).sort()];
  const header = [
    'run_id', 'arm', 'world', 'agents', 'instance', 'trial', 'seed', 'success', 'progress', 'turns', 'messages', 'termination',
    'notes', 'blocks', 'stops', 'note_chars',
    ...monitors.map((m) => `flags_${m}`),
    ...FAILURE_KINDS.map((k) => `failures_${k}`),
    ...FAILURE_KINDS.map((k) => `refused_${k}`),
    'file',
  ];
  const rows = records.map((r) => [
    r.runId, r.arm, r.world, r.agents, r.instance, r.trial, r.seed, succeeded(r, successAt) ? 1 : 0, r.progress, r.turns, r.messages, r.termination,
    r.interventions.note, r.interventions.block, r.interventions.stop, r.noteChars,
    // Blank, not 0, for a monitor that was off in this run: it could not have flagged anything.
    ...monitors.map((m) => (r.monitors.includes(m) ? (r.flags[m] ?? 0) : '')),
    ...FAILURE_KINDS.map((k) => r.failures[k]),
    ...FAILURE_KINDS.map((k) => r.refused[k]),
    r.file,
  ]);
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
