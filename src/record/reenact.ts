import { canonicalJson } from '../core/canonical.ts';
import type { RunEvent } from '../core/events.ts';
import { UserError } from '../core/errors.ts';
import { loadMitigationModules } from '../mitigations/mitigationModules.ts';
import { isBuiltInMitigation } from '../mitigations/registry.ts';
import { loadMonitors } from '../monitors/registry.ts';
import { loadPolicyKinds } from '../policies/loadPolicyKinds.ts';
import { runWorld, type RunResult } from '../runner/runWorld.ts';
import type { ResolvedWorld } from '../world/resolveWorld.ts';
import { chainHash } from './chain.ts';
import type { Phases } from './phases.ts';
import type { RecordedRun } from './RecordedRun.ts';
import { HASH_SUFFIX_LENGTH, hashOfLine, historyRunId, type Parent } from './runFile.ts';
import { ServedPolicies } from './ServedPolicies.ts';

/** How many recorded events before a divergence a report shows. */
const BEFORE = 5;
/** Lines kept behind the comparison point (a call's request is looked at right after it is compared). */
const KEEP_BEHIND = 64;

export interface ReenactOptions {
  readonly recording: RecordedRun;
  readonly world: ResolvedWorld;
  readonly phases: Phases;
  /** Provenance, for the run id. */
  readonly parent: Parent | null;
  /** Events with a seq below this come from the recording: each is compared, and its model calls are served. */
  readonly recordedBelow: number;
  /** Answer calls the recording does not hold with the phase's live policy (fork, resume). */
  readonly live: boolean;
  /**
   * Also recompute the recording's hash chain (replay). Fork and resume verify
   * the file first, and for a verified file equal text means an equal chain.
   */
  readonly checkChain: boolean;
  /**
   * Every event of the re-run as long as it agrees with the recording (fork
   * records these, resume appends the live ones); `run.start` names the run
   * the recorded history started as (`historyRunId`).
   */
  readonly onEvent?: (event: RunEvent, live: boolean, canonical: string | null) => void;
  /** See `RunOptions.budgetLeavesUnsealed` (resume, in a sweep). */
  readonly budgetLeavesUnsealed?: boolean;
}

/** The first place a re-run and its recording disagree. */
export interface Mismatch {
  readonly seq: number;
  /** The recorded line there (null: the recording has no such event). */
  readonly recordedLine: string | null;
  /** The regenerated event there (null: the re-run ended before it). */
  readonly regenerated: RunEvent | null;
  /** The recorded lines just before, oldest first. */
  readonly before: readonly string[];
  /** The chain hash just before the divergent line. */
  readonly prevHash: string;
}

export interface Reenactment {
  readonly result: RunResult;
  readonly mismatch: Mismatch | null;
  /** Recorded events regenerated identically. */
  readonly matched: number;
  /** Seqs whose recorded hash does not follow the chain (the file, not the code, changed there). */
  readonly chainBreaks: readonly number[];
  /** Chain hash after the last matched event. */
  readonly lastHash: string;
  /** The re-run went on past the end of an unsealed recording. */
  readonly beyondRecording: boolean;
  readonly misses: readonly string[];
  readonly served: ServedPolicies;
}

/**
 * Re-run a recorded run: the same code and config, model replies served from
 * the recording, each regenerated event compared with the recorded line of
 * the same seq (canonical text and chain hash). The core of replay, fork and
 * resume; they differ in how far the recording reaches (`recordedBelow`) and
 * in whether calls past it may go live.
 */
export async function reenact(o: ReenactOptions): Promise<Reenactment> {
  const { recording, phases } = o;
  let limit = o.recordedBelow;
  let mismatch: Mismatch | null = null;
  let matched = 0;
  let chain = recording.headerHash;
  let beyondRecording = false;
  const chainBreaks: number[] = [];
  const before: string[] = [];
  // Live policies are built below, before runWorld would load their modules (the openai module loads on use).
  await loadPolicyKinds(phases.configs.flatMap((c) => c.agents.map((a) => a.policy.kind)));
  // Mitigation modules of your own, by the absolute paths the configs record (the phases build their plugins).
  await loadMitigationModules(phases.configs.flatMap((c) => c.mitigations), isBuiltInMitigation)
    .then(() => loadMonitors(phases.configs.flatMap((c) => c.monitors.enabled ?? [])))
    .catch((error: unknown) => {
      throw error instanceof UserError ? new UserError(`${error.message} The run recorded this module; a replay, fork or resume needs it at that path.`) : error;
    });
  const served = new ServedPolicies({ recording, phases, recordedBelow: o.recordedBelow, live: o.live, stopped: () => mismatch !== null });
  served.prepareLive(phases.after(Math.min(o.recordedBelow, Number.MAX_SAFE_INTEGER) - 1));

  // A fork shares its parent's past, run.start included: the run id there is the one its history started as.
  const startedAs = historyRunId(recording.header);

  const onEvent = (regenerated: RunEvent): void => {
    phases.last = regenerated.seq;
    if (regenerated.type === 'model.request') served.observe(regenerated);
    if (mismatch) return;
    const e = regenerated.type === 'run.start' && regenerated.runId !== startedAs ? { ...regenerated, runId: startedAs } : regenerated;
    if (e.seq >= limit) {
      o.onEvent?.(e, true, null);
      return;
    }
    const line = recording.line(e.seq);
    if (line === null) {
      if (recording.seal === null) {
        // An unsealed recording ends here; what follows was never recorded.
        beyondRecording = true;
        limit = e.seq;
        return;
      }
      mismatch = { seq: e.seq, recordedLine: null, regenerated: e, before: [...before], prevHash: chain };
      return;
    }
    const canonical = canonicalJson(e);
    const body = canonical.length - 1;
    if (line.length !== body + HASH_SUFFIX_LENGTH || !line.startsWith(canonical.substring(0, body))) {
      mismatch = { seq: e.seq, recordedLine: line, regenerated: e, before: [...before], prevHash: chain };
      return;
    }
    if (o.checkChain) {
      chain = chainHash(chain, canonical);
      if (!line.startsWith(chain, line.length - 66)) {
        chainBreaks.push(e.seq);
        chain = hashOfLine(line);
      }
    } else {
      chain = hashOfLine(line);
    }
    matched++;
    before.push(line);
    if (before.length > BEFORE) before.shift();
    if (e.seq >= KEEP_BEHIND) recording.release(e.seq - KEEP_BEHIND);
    o.onEvent?.(e, false, canonical);
  };

  const result = await runWorld({
    config: phases.configs[0]!,
    world: o.world,
    out: null,
    parent: o.parent,
    format: recording.header.version,
    onEvent,
    policyFor: served.policyFor,
    budgetLeavesUnsealed: o.budgetLeavesUnsealed === true,
    ...phases.runOptions(),
  });

  // The re-run ended early: the recording holds an event it never produced.
  if (!mismatch && result.events < limit) {
    const line = recording.line(result.events);
    if (line !== null) mismatch = { seq: result.events, recordedLine: line, regenerated: null, before: [...before], prevHash: chain };
  }
  return { result, mismatch, matched, chainBreaks, lastHash: chain, beyondRecording, misses: served.misses, served };
}
