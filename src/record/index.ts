// Run files: write, read, verify, replay, fork, resume, list.

// Writing and reading.
export { RunRecorder, type ChainPosition, type RecorderOptions } from './RunRecorder.ts';
export { readRun, parseHeaderLine, type RunFile } from './readRun.ts';
export { RecordedRun } from './RecordedRun.ts';
export { LineReader } from './LineReader.ts';
export { requestMessages, applyDelta } from './requestMessages.ts';
export { chainHash, eventLine, headerHash } from './chain.ts';
export {
  RUN_FORMAT,
  RUN_FORMAT_VERSION,
  RunHeaderSchema,
  SealSchema,
  ParentSchema,
  ForkPointSchema,
  canonicalOfLine,
  hashOfLine,
  typeOfLine,
  historyRunId,
  type RunHeader,
  type Seal,
  type Parent,
  type ForkPoint,
} from './runFile.ts';

// Integrity.
export { verifyRun, describeVerify, type VerifyReport, type VerifyStatus, type VerifyProblem, type VerifyProblemKind } from './verifyRun.ts';

// Re-running a recording.
export { replayRun, formatReplay, type ReplayOptions, type ReplayReport, type ReplayStatus } from './replayRun.ts';
export { forkRun, locateForkPoint, type ForkOptions, type ForkResult } from './forkRun.ts';
export { resumeRun, type ResumeOptions, type ResumeResult } from './resumeRun.ts';
export { applyChange, forkChangeOf, describeChange, FORK_SET_KEYS, type ForkChange } from './forkChange.ts';
export { Phases, forkPointsOf } from './phases.ts';
export { explainDivergence, formatDivergence, type Divergence } from './explainDivergence.ts';
export { describeEvent, diffEvents } from './describeEvent.ts';

// Listing.
export { listRuns, type RunListing } from './listRuns.ts';
export { isSealed, lastLines, sealOfLine } from './runTail.ts';
