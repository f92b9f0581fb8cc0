import { describeRange, MONITORS } from './registry.ts';

/**
 * Every monitor threshold under a heading, one line each — `monitor.param`,
 * its default, the values it takes and what it means — for the `--help` of
 * the commands that take `--param`.
 *
 * @example paramHelp() // 'Thresholds (--param …):\n  drift.threshold  0.2  a number in [0, 1]  relevance (0–1) of a clause …'
 */
export function paramHelp(): string {
  const rows = MONITORS.flatMap((m) => Object.entries(m.params).map(([k, p]) => [`${m.name}.${k}`, String(p.value), describeRange(p.range), p.doc] as const));
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  const w2 = Math.max(...rows.map((r) => r[2].length));
  const heading = 'Thresholds (--param monitor.param=value: default, values it takes, meaning):\n';
  return heading + rows.map(([name, value, range, doc]) => `  ${name.padEnd(w0)}  ${value.padEnd(w1)}  ${range.padEnd(w2)}  ${doc}`).join('\n');
}
