import { formatTable } from './formatTable.ts';
import type { Comparison, Level, SummaryGroup, SweepSummary } from './SweepSummary.ts';

/**
 * The summary as terminal text: per world and agent configuration, a table of
 * each arm's levels (value [95% CI]) and a table of each arm against the
 * baseline (difference [95% CI], Holm-adjusted p, * when significant).
 *
 * @example process.stdout.write(sweepTable(summary))
 */
export function sweepTable(summary: SweepSummary): string {
  const pct = Math.round(summary.stats.confidence * 100);
  const out: string[] = [];
  for (const g of summary.groups) {
    const share = (metric: string) => /^(pass\^|progress$|end )/.test(metric);
    out.push(`${summary.experiment} · ${g.world} · agents ${g.agents} · ${designOf(g)} · ${g.runs} runs`);
    out.push(`levels: mean over instances [${pct}% CI, ${g.instances.length === 1 ? 'runs resampled: one instance' : 'instances resampled'}]`);
    out.push(
      formatTable([
        ['metric', ...g.arms.map((a) => a.arm)],
        ...g.metrics.map((m) => [m, ...g.arms.map((a) => levelCell(a.levels[m] ?? null, share(m)))]),
      ]),
    );
    // A blank pass^k says why, or it reads like a missing result.
    const blank = g.metrics.filter((m) => m.startsWith('pass^') && g.arms.some((a) => !a.levels[m]));
    if (blank.length) {
      out.push(`– in ${blank.join(', ')}: pass^k needs k seeds of one instance, and no instance has more than ${plural(g.seedsPerInstance.max, 'seed')}`);
    }
    const others = g.arms.map((a) => a.arm).filter((a) => a !== summary.baseline);
    if (others.length && g.comparisons.length) {
      out.push('');
      out.push(
        `vs ${summary.baseline}: paired difference [${pct}% CI, ${summary.stats.unit === 'pair' ? 'pairs resampled within instances' : 'instances resampled'}], sign-flip p Holm-adjusted, * p ≤ ${String(summary.stats.alpha).replace(/^0/, '')}`,
      );
      const find = (arm: string, metric: string) => g.comparisons.find((c) => c.arm === arm && c.metric === metric) ?? null;
      out.push(
        formatTable([
          ['metric', ...others.map((a) => `${a} − ${summary.baseline}`)],
          ...g.metrics.map((m) => [m, ...others.map((a) => diffCell(find(a, m), share(m)))]),
        ]),
      );
    }
    out.push('');
  }
  // Cells with identical configs share one run: count the runs, and say how many cells they fill when that differs.
  const { planned, unique, ran, skipped } = summary.runs;
  const runs = unique === planned ? `${planned} runs` : `${unique} runs for ${planned} cells (arms with the same mitigations share them)`;
  out.push(`${runs} (${ran} run now, ${skipped} already recorded)${summary.dir ? ` · ${summary.dir}` : ''}`);
  return `${out.join('\n')}\n`;
}

/** Instances × seeds, or the range of seeds per instance when the seed picked the instance. */
function designOf(g: SummaryGroup): string {
  const instances = plural(g.instances.length, 'instance');
  const { min, max } = g.seedsPerInstance;
  return min === max ? `${instances} × ${plural(min, 'seed')}` : `${instances}, ${min}–${max} seeds each (${g.seeds} seeds in all)`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function decimals(v: number, share: boolean): number {
  if (share) return 3;
  const a = Math.abs(v);
  return a >= 100 ? 0 : a >= 10 ? 1 : 2;
}

function num(v: number, d: number, sign = false): string {
  if (!Number.isFinite(v)) return '–';
  const text = v.toFixed(d);
  const zero = Number(text) === 0;
  return sign && !zero && v > 0 ? `+${text}` : zero ? (0).toFixed(d) : text;
}

function levelCell(level: Level | null, share: boolean): string {
  if (!level) return '–';
  const d = decimals(Math.max(Math.abs(level.value), Number.isFinite(level.hi) ? Math.abs(level.hi) : 0), share);
  return `${num(level.value, d)} [${num(level.lo, d)}, ${num(level.hi, d)}]`;
}

function diffCell(c: Comparison | null, share: boolean): string {
  if (!c) return '–';
  const d = decimals(Math.max(...[c.lo, c.hi, c.diff].filter(Number.isFinite).map(Math.abs)), share);
  return `${num(c.diff, d, true)} [${num(c.lo, d, true)}, ${num(c.hi, d, true)}] p${fmtP(c.pHolm)}${c.significant ? '*' : ' '}`;
}

function fmtP(p: number): string {
  if (p < 0.001) return '<.001';
  // Three decimals below .1, so p = .048 and p = .054 do not both read ".05" on either side of α.
  return `=${p >= 0.995 ? '1.00' : p.toFixed(p < 0.1 ? 3 : 2).replace(/^0/, '')}`;
}
