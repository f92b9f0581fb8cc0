import type { FlagInput } from '../defineMonitor.ts';

/** A flag as `troupe monitor` prints it, over a run (positions are event seqs) or a transcript (message indices). */
export type PrintedFlag = Omit<FlagInput, 'evidence'> & { readonly evidence: readonly { readonly seq: number; readonly message?: number; readonly excerpt: string }[] };

/**
 * A flag as text: one line with severity, monitor, agent, span, score and
 * explanation, then one line per piece of evidence. `unit` names the
 * positions: `seq` (event seqs of a run file) or `msg` (message indices).
 */
export function flagText(f: PrintedFlag, unit: 'seq' | 'msg'): string {
  const span = f.span.start === f.span.end ? `${f.span.end}` : `${f.span.start}–${f.span.end}`;
  let out = `${f.severity.padEnd(8)} ${f.monitor.padEnd(15)} ${(f.agent ?? '-').padEnd(10)} ${unit} ${span.padEnd(7)} score ${f.score.toFixed(2)}  ${f.explanation}\n`;
  for (const e of f.evidence) out += `           ${unit} ${e.message ?? e.seq}: ${e.excerpt}\n`;
  return out;
}

/** Flags counted per monitor and agent, for the closing line. */
export class FlagTally {
  private readonly counts = new Map<string, number>();
  total = 0;

  add(f: Pick<FlagInput, 'monitor' | 'agent'>): void {
    const key = `${f.monitor} ${f.agent ?? '-'}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  /** `3 flags: drift planner ×1, role-flip reviewer ×2`. */
  summary(): string {
    const list = [...this.counts].map(([k, n]) => `${k} ×${n}`).join(', ');
    return `${this.total} flag${this.total === 1 ? '' : 's'}${list ? `: ${list}` : ''}`;
  }
}
