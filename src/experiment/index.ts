// Experiments: designs of worlds × agents × mitigation arms × seeds, run as resumable parallel sweeps.

// Declaring and loading experiments
export { defineExperiment, isExperiment, type Experiment } from './defineExperiment.ts';
export {
  ExperimentSchema,
  EXPERIMENT_FORMAT,
  METRIC_FAMILIES,
  SeedsSchema,
  StatsOptionsSchema,
  type AgentConfig,
  type ExperimentInput,
  type ExperimentSpec,
  type MetricFamily,
  type SeedsInput,
  type StatsOptions,
} from './Experiment.ts';
export { loadExperiment } from './loadExperiment.ts';
export { adHocExperiment, type AdHocSweep } from './adHocExperiment.ts';

// Running sweeps
export { sweepExperiment, type SweepResult } from './sweepExperiment.ts';
export { judgeSweep, type SweepJudge, type SweepJudgeFacts } from './judgeSweep.ts';
export { planSweep, instanceLabel, type PlannedRun, type SweepPlan } from './planSweep.ts';
export { runSweep, type SweepOptions, type SweepOutcome } from './runSweep.ts';
export { isSealed } from '../record/runTail.ts';
export { readRunRecord, type RunCell, type RunRecord } from './RunRecord.ts';
export { SweepProgress, type ProgressSink } from './SweepProgress.ts';
export { SweepFolderLock } from './SweepFolderLock.ts';
