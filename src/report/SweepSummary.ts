import type { MitigationSpec } from '../core/config.ts';
import type { StatsOptions } from '../experiment/Experiment.ts';
import type { PairUnit } from './statistics/index.ts';

/** The vocabulary of a sweep's summary (`summary.json`, `troupe sweep --json`). Plain JSON. */

export const SUMMARY_FORMAT = 'troupe.sweep-summary/1';

/** A metric's level for one arm: mean over instances, with its bootstrap interval. */
export interface Level {
  readonly value: number;
  /** NaN (null in summary.json) when a single unit leaves no spread to estimate. */
  readonly lo: number;
  readonly hi: number;
  /** Instances that had a value. */
  readonly instances: number;
}

/** An arm against the baseline on one metric. */
export interface Comparison {
  readonly arm: string;
  readonly metric: string;
  /** Paired difference arm − baseline, and its bootstrap interval. */
  readonly diff: number;
  /** NaN (null in summary.json) when a single unit leaves no spread to estimate. */
  readonly lo: number;
  readonly hi: number;
  /** Sign-flip permutation p-value, and Holm-adjusted across the arms compared on this metric. */
  readonly p: number;
  readonly pHolm: number;
  readonly significant: boolean;
  readonly unit: PairUnit;
  readonly pairs: number;
  readonly instances: number;
}

/** The results for one world and agent configuration. */
export interface SummaryGroup {
  readonly world: string;
  readonly agents: string;
  readonly instances: readonly string[];
  /** Distinct experiment seeds. */
  readonly seeds: number;
  /** The fewest and most seeds any one instance has: they differ when the seed picks the instance (e.g. camel's task left open). */
  readonly seedsPerInstance: { readonly min: number; readonly max: number };
  /** Runs in the group, all arms. */
  readonly runs: number;
  readonly metrics: readonly string[];
  readonly arms: readonly { readonly arm: string; readonly runs: number; readonly levels: Readonly<Record<string, Level | null>> }[];
  readonly comparisons: readonly Comparison[];
}

export interface SweepSummary {
  readonly format: typeof SUMMARY_FORMAT;
  readonly experiment: string;
  readonly description: string;
  readonly dir: string | null;
  readonly baseline: string;
  readonly arms: readonly { readonly name: string; readonly mitigations: readonly MitigationSpec[] }[];
  readonly successAt: number;
  readonly runs: { readonly planned: number; readonly unique: number; readonly ran: number; readonly skipped: number };
  readonly stats: StatsOptions & { readonly alpha: number; readonly methods: Readonly<Record<string, string>> };
  /**
   * The LLM judge of `troupe sweep --judge-model` (its settings, instructions version and history), whose flags
   * are the `flags/100t judge.*` rows; null without one.
   */
  readonly judge: { readonly settings: Readonly<Record<string, string | number | boolean | null>>; readonly prompt: number; readonly history: number } | null;
  readonly groups: readonly SummaryGroup[];
}
