import { createRng, deriveSeed } from '../determinism/rng.ts';
import type { Experiment } from '../experiment/defineExperiment.ts';
import type { RunRecord } from '../experiment/RunRecord.ts';
import { bootstrapLevel, comparePaired, holm, meanOf, passHatK, type InstanceStat } from './statistics/index.ts';
import { sweepMetrics, type SweepMetric } from './sweepMetrics.ts';
import { SUMMARY_FORMAT, type Comparison, type Level, type SummaryGroup, type SweepSummary } from './SweepSummary.ts';

/** Facts about the sweep that are not in the records. */
export interface SweepFacts {
  readonly dir: string | null;
  readonly ran: number;
  readonly skipped: number;
  /** The LLM judge whose flags the records count as `judge.*` monitors', or null (none; the default). */
  readonly judge?: SweepSummary['judge'];
}

/**
 * Summarise a sweep's records: per world and agent configuration, each arm's
 * level on every metric (mean over instances; 95% bootstrap interval
 * resampling instances) and each arm against the baseline (paired
 * difference over the same instance and seed; paired bootstrap interval;
 * sign-flip permutation p-value, Holm-adjusted across the arms compared on
 * each metric). Every interval stays within its metric's bounds (`METHODS`). Pure: the same records give the same summary, whatever order
 * or how many workers produced them; resampling uses seeded streams named
 * after what they compute.
 *
 * @example const summary = summarizeSweep(outcome.records, experiment, { dir, ran: 10, skipped: 0 })
 */
export function summarizeSweep(records: readonly RunRecord[], experiment: Experiment, facts: SweepFacts): SweepSummary {
  const { stats } = experiment;
  // Rounded: 1 − 0.95 is 0.050000000000000044 in floating point, and summary.json shows it.
  const alpha = Math.round((1 - stats.confidence) * 1e9) / 1e9;
  const groups: SummaryGroup[] = [];
  for (const [key, group] of groupBy(records, (r) => `${r.world}\u0000${r.agents}`)) {
    const [world, agents] = key.split('\u0000') as [string, string];
    const metrics = sweepMetrics(group, experiment.metrics, experiment.passK, experiment.successAt);
    const instances = [...new Set(group.map((r) => r.instance))];
    const armNames = experiment.arms.map((a) => a.name).filter((a) => group.some((r) => r.arm === a));
    const byArm = new Map(armNames.map((a) => [a, group.filter((r) => r.arm === a)]));
    const rngFor = (arm: string, metric: string, what: string) => createRng(deriveSeed(stats.seed, `${world}|${agents}|${arm}|${metric}|${what}`));
    const options = (arm: string, metric: string, what: string) => ({ rng: rngFor(arm, metric, what), resamples: stats.resamples, confidence: stats.confidence });

    const arms = armNames.map((arm) => {
      const rows = byArm.get(arm)!;
      const levels: Record<string, Level | null> = {};
      for (const m of metrics) {
        const clusters = instances.map((i) => valuesOf(rows.filter((r) => r.instance === i), m)).filter((c) => m.passK === null || c.length >= m.passK);
        const level = bootstrapLevel(clusters, statOf(m), options(arm, m.name, 'level'), m.bounds);
        levels[m.name] = level && { ...level, instances: clusters.filter((c) => c.length > 0).length };
      }
      return { arm, runs: rows.length, levels };
    });

    const comparisons: Comparison[] = [];
    const base = byArm.get(experiment.baseline);
    if (base) {
      for (const m of metrics) {
        const made = armNames
          .filter((arm) => arm !== experiment.baseline)
          .map((arm) => {
            const clusters = m.passK === null ? pairDiffs(instances, byArm.get(arm)!, base, m) : passKDiffs(instances, byArm.get(arm)!, base, m);
            const unit = m.passK === null ? stats.unit : 'instance';
            // A difference of two values within [min, max] lies within ±(max − min).
            const [min, max] = m.bounds;
            return { arm, result: comparePaired(clusters, unit, options(arm, m.name, 'vs-baseline'), stats.permutations, [min - max, max - min]) };
          });
        const adjusted = holm(made.map((c) => c.result?.p ?? null));
        made.forEach(({ arm, result }, i) => {
          if (!result) return;
          const pHolm = adjusted[i]!;
          comparisons.push({
            arm,
            metric: m.name,
            diff: result.value,
            lo: result.lo,
            hi: result.hi,
            p: result.p,
            pHolm,
            significant: pHolm <= alpha,
            unit: result.unit,
            pairs: result.pairs,
            instances: result.instances,
          });
        });
      }
    }
    groups.push({
      world,
      agents,
      instances,
      seeds: new Set(group.map((r) => r.trial)).size,
      seedsPerInstance: seedsPerInstance(group, instances),
      runs: group.length,
      metrics: metrics.map((m) => m.name),
      arms,
      comparisons,
    });
  }
  return {
    format: SUMMARY_FORMAT,
    experiment: experiment.name,
    description: experiment.description,
    dir: facts.dir,
    baseline: experiment.baseline,
    arms: experiment.arms.map((a) => ({ name: a.name, mitigations: a.mitigations })),
    successAt: experiment.successAt,
    runs: { planned: records.length, unique: new Set(records.map((r) => r.runId)).size, ran: facts.ran, skipped: facts.skipped },
    stats: { ...stats, alpha, methods: METHODS },
    judge: facts.judge ?? null,
    groups,
  };
}

const METHODS = {
  level: "mean over instances of the per-instance mean (pass^k: per-instance C(c,k)/C(n,k)); percentile interval of a bootstrap of instances (with one instance: of its runs), replicates rescaled by sqrt(m/(m-1)) and each end's distance from the estimate stretched by t(m-1)/z (m units resampled); no interval (null) from a single unit",
  difference: 'paired by instance and seed: mean over instances of the mean pair difference (arm − baseline); pass^k (k > 1) per instance',
  intervalPair: "unit \"pair\": percentile interval of a bootstrap of pairs within each instance (strata), rescaled by sqrt(n/(n-1)); a single-pair instance draws a residual from the other instances' pooled within-instance residuals (no instance with two pairs: the instances are one stratum); ends stretched by t/z with Welch-Satterthwaite degrees of freedom; no interval (null) from a single pair",
  intervalInstance: 'unit "instance" (and pass^k, k > 1): bootstrap of instances as for levels, on the per-instance differences; no interval (null) from a single instance',
  bounds: "every interval is kept within its quantity's bounds, which the rescaling alone can overstep: shares in [0, 1], counts, rates and lengths >= 0; differences of shares in [-1, 1]",
  test: 'two-sided sign-flip permutation test (exact up to 16 units, else Monte Carlo with p = (1 + hits)/(1 + permutations)); Holm-adjusted across the arms compared on each metric',
};

function statOf(m: SweepMetric): InstanceStat {
  const k = m.passK;
  return k === null ? meanOf : (sum, n) => passHatK(sum, n, k) ?? Number.NaN;
}

function valuesOf(rows: readonly RunRecord[], m: SweepMetric): number[] {
  const out: number[] = [];
  for (const r of rows) {
    const v = m.value(r);
    if (v !== null) out.push(v);
  }
  return out;
}

/** Per instance: differences of the pairs (same instance and seed) where both runs have a value. */
function pairDiffs(instances: readonly string[], arm: readonly RunRecord[], base: readonly RunRecord[], m: SweepMetric): number[][] {
  const baseValue = new Map(base.map((r) => [`${r.instance}\u0000${r.seed}`, m.value(r)]));
  return instances.map((i) =>
    arm.flatMap((r) => {
      if (r.instance !== i) return [];
      const a = m.value(r);
      const b = baseValue.get(`${r.instance}\u0000${r.seed}`);
      return a === null || b === null || b === undefined ? [] : [a - b];
    }),
  );
}

/** Per instance: pass^k of the arm minus pass^k of the baseline, on the seeds both ran. */
function passKDiffs(instances: readonly string[], arm: readonly RunRecord[], base: readonly RunRecord[], m: SweepMetric): number[][] {
  const k = m.passK!;
  return instances.map((i) => {
    const seeds = new Set(base.filter((r) => r.instance === i).map((r) => r.seed));
    const a = arm.filter((r) => r.instance === i && seeds.has(r.seed));
    const paired = new Set(a.map((r) => r.seed));
    const b = base.filter((r) => r.instance === i && paired.has(r.seed));
    const pa = passHatK(a.reduce((s, r) => s + m.value(r)!, 0), a.length, k);
    const pb = passHatK(b.reduce((s, r) => s + m.value(r)!, 0), b.length, k);
    return pa === null || pb === null ? [] : [pa - pb];
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function seedsPerInstance(group: readonly RunRecord[], instances: readonly string[]): { min: number; max: number } {
  const counts = instances.map((i) => new Set(group.filter((r) => r.instance === i).map((r) => r.trial)).size);
  return { min: Math.min(...counts), max: Math.max(...counts) };
}
