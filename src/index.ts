/**
 * troupe's public surface: what users may import. Grouped by concept; every
 * name is listed explicitly (no `export *`).
 */

// Vocabulary: specs, configs, events
export { AgentSpecSchema, GoalSchema, PolicySpecSchema, RoleCardSchema, type AgentSpec, type AgentSpecInput, type Goal, type PolicySpec, type RoleCard } from './core/specs.ts';
export { RunConfigSchema, type MonitorConfig, type MitigationSpec, type RunConfig, type RunConfigInput } from './core/config.ts';
export { EventInputSchema, RunEventSchema, type EventInput, type EventOf, type FailureKind, type RunEvent, type TerminationReason } from './core/events.ts';
export { ChatMessageSchema, type ChatMessage } from './core/chat.ts';
export { UserError } from './core/errors.ts';
export { canonicalJson, hashOf, sha256Hex } from './core/canonical.ts';

// Determinism
export { createRng, deriveSeed, RngStreams, type Rng } from './determinism/rng.ts';
export { LogicalClock } from './determinism/clock.ts';

// Bus and agents
export { Bus } from './bus/Bus.ts';
export { agentMachine, agentPrompt, type AgentContext, type AgentEvent } from './agent/agentMachine.ts';
export { parseSystemPrompt, systemPrompt } from './agent/systemPrompt.ts';

// Worlds (and zod's `z`, the instance troupe validates with, for world parameter and action schemas)
export { z } from 'zod';
export { defineWorld, isWorld } from './world/defineWorld.ts';
export { moderator, roundRobin, simultaneous } from './world/schedulers.ts';
export { doneToken, firstOf, goalReached, maxMessages } from './world/termination.ts';
export { listWorlds, resolveWorld, type ResolvedWorld } from './world/resolveWorld.ts';
export type { EnvOutcome, Scheduler, Termination, TerminationCondition, WorldDefinition, WorldMessage, WorldView } from './world/types.ts';

// Running
export { defaultPlugins, monitorPlugin, runWorld, runIdOf, resolveRunConfig, type RunOptions, type RunPlugin, type RunPluginApi, type RunRequest, type RunResult } from './runner/index.ts';

// Policies
export { createPolicy, registerPolicy, createScriptedPolicy, createSyntheticPolicy, syntheticReply, SyntheticParamsSchema, SYNTHETIC_DEFAULTS, type Policy, type PolicyOutcome, type PolicyRequest, type SyntheticParams } from './policies/index.ts';

// Run files: record, replay, verify, fork, resume
export { readRun, type RunFile } from './record/readRun.ts';
export { requestMessages } from './record/requestMessages.ts';
export { replayRun, verifyRun, forkRun, resumeRun, listRuns, type ReplayReport, type VerifyReport, type ForkResult, type ResumeResult } from './record/index.ts';

// Monitors
export { createMonitorSet, monitorEvents, monitorOperator, MONITOR_NAMES, MONITOR_DEFAULTS, defineMonitor, finding, evidenceOf, SHARE, COUNT, WHOLE } from './monitors/index.ts';
export type { MonitorSpec, Finding } from './monitors/index.ts';
export { evalSyntheticCorpus, evalLabelled, type EvalReport } from './monitors/eval/index.ts';
export { judgeFile, judgeConversation, scoreJudged, scoreJudgedTraces, JUDGE_MONITORS, type JudgedFile, type JudgeOutcome } from './monitors/judge/index.ts';
export { judgeOutput } from './monitors/judge/judgeOutput.ts';

// Transcripts (offline monitoring of foreign conversations)
export { TranscriptSchema, parseTranscript, readTranscript, transcriptToEvents, flagsToMessageIndices, importAg2, mastLabels, type Transcript } from './transcript/index.ts';

// The OpenAI-compatible policy and its process-wide limits
export { createOpenAIPolicy, sharedOpenAILimits, type OpenAISpec } from './policies/openai/index.ts';

// Mitigations
export {
  mitigationPlugins,
  mitigationPlugin,
  MITIGATION_KINDS,
  parseArm,
  parseArms,
  defineMitigation,
  loadMitigations,
  scheduledNotes,
  TranscriptLines,
  type MitigationApi,
  type MitigationDefinition,
  type NoteSchedule,
} from './mitigations/index.ts';

// Experiments and statistics
export { defineExperiment, loadExperiment, sweepExperiment } from './experiment/index.ts';
export { summarizeSweep } from './report/index.ts';
