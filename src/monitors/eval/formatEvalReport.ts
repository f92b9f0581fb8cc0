import type { EvalReport } from './evalSyntheticCorpus.ts';
import type { MonitorScore } from './scoreRun.ts';

/**
 * The table `eval monitors` prints: one row per monitor with precision,
 * recall, F1, latency (turns) and false flags per 1,000 clean turns; "—"
 * where a figure is undefined (0/0). The README's table is this output.
 *
 * @example process.stdout.write(formatScoreTable(report.monitors))
 */
export function formatScoreTable(scores: Readonly<Record<string, MonitorScore>>): string {
  const f = (x: number | null, digits = 3): string => (x === null ? '—' : x.toFixed(digits));
  // Wide enough for the judge's names (`judge.role-flip`); 14 for the built-in monitors alone.
  const width = Math.max(14, ...Object.keys(scores).map((n) => n.length + 1));
  let out = `${'monitor'.padEnd(width)}${'precision'.padStart(10)}${'recall'.padStart(8)}${'F1'.padStart(7)}${'latency'.padStart(9)}${'false/1k'.padStart(10)}\n`;
  for (const [name, s] of Object.entries(scores)) {
    out += `${name.padEnd(width)}${f(s.precision).padStart(10)}${f(s.recall).padStart(8)}${f(s.f1).padStart(7)}${f(s.latencyTurns, 2).padStart(9)}${f(s.falsePerKTurns, 2).padStart(10)}\n`;
  }
  return out;
}

/**
 * The line `eval monitors` prints before the table of a synthetic corpus:
 * runs, turns and truth episodes per kind.
 *
 * @example formatCorpusLine(report.corpus) // '200 runs (100 clean), 2938 turns (1216 clean); truth episodes: flake 74, …'
 */
export function formatCorpusLine(c: EvalReport['corpus']): string {
  const eps = Object.entries(c.episodes).map(([k, n]) => `${k} ${n}`).join(', ');
  return `${c.runs} runs (${c.cleanRuns} clean), ${c.turns} turns (${c.cleanTurns} clean); truth episodes: ${eps || 'none'}\n`;
}
