// Statistics for sweeps: seeded resampling only (src/determinism/rng.ts), pure functions.
export {
  quantileSorted,
  percentileInterval,
  calibratedInterval,
  smallSampleFactor,
  noInterval,
  type Bounds,
  type Interval,
  type ResamplingOptions,
} from './Interval.ts';
export { studentQuantile, normalQuantile } from './studentQuantile.ts';
export { bootstrapLevel, meanOf, type InstanceStat } from './bootstrapLevel.ts';
export { comparePaired, type PairedComparison, type PairUnit } from './comparePaired.ts';
export { signFlipTest } from './signFlipTest.ts';
export { holm } from './holm.ts';
export { passHatK } from './passHatK.ts';
