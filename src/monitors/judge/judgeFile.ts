import { basename } from 'node:path';
import { hashOf } from '../../core/canonical.ts';
import type { RunEvent } from '../../core/events.ts';
import { flagsToMessageIndices, transcriptToEvents } from '../../transcript/transcriptToEvents.ts';
import { readTranscript } from '../../transcript/parseTranscript.ts';
import type { FlaggedTrace } from '../eval/evalLabelled.ts';
import type { PrintedFlag } from '../offline/flagText.ts';
import { looksLikeRunFile } from '../offline/looksLikeRunFile.ts';
import { readWarnings } from '../offline/readWarnings.ts';
import { RunFileEvents } from '../offline/RunFileEvents.ts';
import { DEFAULT_MONITORS } from '../registry.ts';
import { judgeConversation, type JudgeOptions, type JudgeOutcome } from './judgeConversation.ts';
import { JUDGE_PROMPT_VERSION } from './judgePrompt.ts';
import { judgeRecordPath } from './judgeRecordName.ts';

/** Options of `judgeFile`: those of `judgeConversation` but the record's path, which is derived. */
export interface JudgeFileOptions extends Omit<JudgeOptions, 'record' | 'judged'> {
  /** The folder of judge records (default: the judged file's own). */
  readonly outDir?: string | null;
}

/** One judged file: the judge's pass, its flags as `troupe monitor` prints them, and the events they are scored on. */
export interface JudgedFile extends JudgeOutcome {
  readonly file: string;
  readonly record: string;
  /** Positions: event seqs over a run file, 0-based message indices over a transcript. */
  readonly unit: 'seq' | 'msg';
  readonly printed: readonly PrintedFlag[];
  /** A run file's events that matter for scoring (messages, truth, flags, run.end); none for a transcript. */
  readonly events: readonly RunEvent[];
  /** A run file whose every agent is synthetic: its truth events label every failure, so it can be scored. */
  readonly labelled: boolean;
  /** The monitors the run recorded as enabled (its online flags are among `events`). */
  readonly monitors: readonly string[];
  /** A transcript's id, messages and first message's seq (for trace-level scoring against labels); null for a run file. */
  readonly trace: Omit<FlaggedTrace, 'flags'> | null;
  /** About the file as read (unsealed, torn), for stderr. */
  readonly warnings: readonly string[];
}

/** The event types a judge pass and its scoring read from a run file (the rest, mostly model requests, is skipped). */
const READ = new Set(['agent.spawn', 'message', 'truth', 'flag', 'run.end']);

/**
 * Judge a run file (as far as it goes, when unsealed) or a `troupe.transcript/1`
 * file. Its record is `<name>.judge-<fingerprint>.jsonl` beside it (or in
 * `outDir`), the fingerprint being the judge's settings, instructions and
 * history: another model, temperature or server keeps its own record
 * (`judgeRecordPath`).
 *
 * @example const judged = await judgeFile('runs/abc.jsonl', { policy, model: 'llama3', history: 8, inFlight: 4 })
 */
export async function judgeFile(file: string, options: JudgeFileOptions): Promise<JudgedFile> {
  const fingerprint = hashOf({ settings: options.policy.settings, prompt: JUDGE_PROMPT_VERSION, history: options.history }).slice(0, 8);
  const record = judgeRecordPath(file, fingerprint, options.outDir ?? null);
  const common = { ...options, record, judged: basename(file) };
  if (looksLikeRunFile(file)) {
    const run = RunFileEvents.open(file, READ);
    let events: RunEvent[];
    try {
      events = [...run];
    } finally {
      run.close();
    }
    const outcome = await judgeConversation(events, common);
    const state = { seal: run.seal, torn: run.torn, afterSeal: run.afterSeal, lineEndings: run.lineEndings, events: run.count };
    const config = run.header.config;
    const labelled = config.agents.every((a) => a.policy.kind === 'synthetic');
    const monitors = config.monitors.enabled ?? DEFAULT_MONITORS;
    return { ...outcome, file, record, unit: 'seq', printed: outcome.flags, events, labelled, monitors, trace: null, warnings: readWarnings(file, state, 'judged') };
  }
  const transcript = readTranscript(file);
  const converted = transcriptToEvents(transcript);
  const outcome = await judgeConversation(converted.events, common);
  const printed = flagsToMessageIndices(outcome.flags, converted);
  const trace = { id: transcript.id, messages: transcript.messages.length, firstMessageSeq: converted.firstMessageSeq };
  return { ...outcome, file, record, unit: 'msg', printed, events: [], labelled: false, monitors: [], trace, warnings: [] };
}
