import type { FailureKind, RunEvent } from '../../core/events.ts';
import type { FlagInput } from '../defineMonitor.ts';
import { flagKind, round4 } from '../eval/scoreRun.ts';
import { isBuiltInMonitor } from '../registry.ts';
import type { JudgedFile } from './judgeFile.ts';
import { judgeKind, JUDGE_MONITORS } from './judgeVerdict.ts';

/** How often the judge and the online monitors flag the same messages for one failure kind. */
export interface Agreement {
  readonly both: number;
  readonly judgeOnly: number;
  readonly monitorsOnly: number;
  readonly neither: number;
  /** Cohen's kappa: agreement beyond chance (1 = always agree, 0 = as chance would); null when undefined. */
  readonly kappa: number | null;
}

/** The kinds compared: the judge's, each of which a built-in monitor detects too. */
const KINDS: readonly FailureKind[] = Object.values(JUDGE_MONITORS).map((m) => m.kind);

/**
 * Message by message, the judge's verdicts against the flags the runs' own
 * monitors raised online (warnings and critical flags of the built-in
 * monitors, each counted on the message that triggered it: the end of its
 * span), per failure kind — what a live-model run, which has no ground truth,
 * can still tell: where the two detectors part. Only messages the judge gave a
 * verdict count; transcripts (no online flags) are left out. Null when no run
 * file is among `files`.
 *
 * @example const a = judgeAgreement(files); a?.['role-flip'].kappa
 */
export function judgeAgreement(files: readonly JudgedFile[]): Record<FailureKind, Agreement> | null {
  const runs = files.filter((f) => f.trace === null);
  if (runs.length === 0) return null;
  const counts = Object.fromEntries(KINDS.map((k) => [k, { both: 0, judgeOnly: 0, monitorsOnly: 0, neither: 0 }])) as Record<FailureKind, { both: number; judgeOnly: number; monitorsOnly: number; neither: number }>;
  for (const f of runs) {
    const byJudge = flaggedMessages(f.flags, (flag) => judgeKind(flag.monitor));
    const online = f.events.filter((e): e is Extract<RunEvent, { type: 'flag' }> => e.type === 'flag' && e.severity !== 'info' && e.monitor !== 'camel-rules' && isBuiltInMonitor(e.monitor));
    const byMonitors = flaggedMessages(online, flagKind);
    for (const seq of f.verdicts) {
      for (const kind of KINDS) {
        const j = byJudge.get(kind)?.has(seq) ?? false;
        const m = byMonitors.get(kind)?.has(seq) ?? false;
        const c = counts[kind];
        if (j && m) c.both++;
        else if (j) c.judgeOnly++;
        else if (m) c.monitorsOnly++;
        else c.neither++;
      }
    }
  }
  return Object.fromEntries(KINDS.map((k) => [k, { ...counts[k], kappa: kappa(counts[k]) }])) as Record<FailureKind, Agreement>;
}

/** Per kind, the seqs of the messages flagged (a flag counts on the message at the end of its span). */
function flaggedMessages(flags: readonly FlagInput[], kindOf: (flag: FlagInput) => FailureKind | null): Map<FailureKind, Set<number>> {
  const out = new Map<FailureKind, Set<number>>();
  for (const flag of flags) {
    const kind = kindOf(flag);
    if (kind === null) continue;
    let seqs = out.get(kind);
    if (!seqs) out.set(kind, (seqs = new Set()));
    seqs.add(flag.span.end);
  }
  return out;
}

function kappa(c: Omit<Agreement, 'kappa'>): number | null {
  const n = c.both + c.judgeOnly + c.monitorsOnly + c.neither;
  if (n === 0) return null;
  const observed = (c.both + c.neither) / n;
  const chance = ((c.both + c.judgeOnly) * (c.both + c.monitorsOnly) + (c.monitorsOnly + c.neither) * (c.judgeOnly + c.neither)) / (n * n);
  return chance === 1 ? null : round4((observed - chance) / (1 - chance));
}

/**
 * The agreement as a table: per kind, messages flagged by both, by the judge only, by the monitors only, by neither,
 * and kappa.
 */
export function formatAgreement(a: Readonly<Record<FailureKind, Agreement>>): string {
  let out = `${'kind'.padEnd(11)}${'both'.padStart(7)}${'judge only'.padStart(12)}${'monitors only'.padStart(15)}${'neither'.padStart(9)}${'kappa'.padStart(8)}\n`;
  for (const [kind, x] of Object.entries(a)) {
    out += `${kind.padEnd(11)}${String(x.both).padStart(7)}${String(x.judgeOnly).padStart(12)}${String(x.monitorsOnly).padStart(15)}${String(x.neither).padStart(9)}${(x.kappa === null ? '—' : x.kappa.toFixed(3)).padStart(8)}\n`;
  }
  return out;
}
