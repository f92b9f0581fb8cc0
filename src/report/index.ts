// Reports of sweeps: statistics, summaries, terminal tables and CSV.

// Summaries
export { summarizeSweep, type SweepFacts } from './summarizeSweep.ts';
export { SUMMARY_FORMAT, type Comparison, type Level, type SummaryGroup, type SweepSummary } from './SweepSummary.ts';
export { sweepMetrics, succeeded, type SweepMetric } from './sweepMetrics.ts';

// Output
export { sweepTable } from './sweepTable.ts';
export { formatTable } from './formatTable.ts';
export { resultsCsv } from './resultsCsv.ts';

// Statistics
export {
  bootstrapLevel,
  comparePaired,
  holm,
  meanOf,
  passHatK,
  percentileInterval,
  quantileSorted,
  signFlipTest,
  type Bounds,
  type InstanceStat,
  type Interval,
  type PairedComparison,
  type PairUnit,
  type ResamplingOptions,
} from './statistics/index.ts';
