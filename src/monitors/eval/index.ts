// Measuring the monitors
export { evalSyntheticCorpus, type EvalReport, type SyntheticCorpusOptions } from './evalSyntheticCorpus.ts';
export { evalLabelled, type LabelledReport, type TraceVerdict } from './evalLabelled.ts';
export { scoreRun, scoreOf, emptyTally, flagKind, GRACE_TURNS, type MonitorScore, type Tally } from './scoreRun.ts';
export { truthEpisodes, type TruthEpisode } from './truthEpisodes.ts';
export { formatScoreTable, formatCorpusLine } from './formatEvalReport.ts';
