import { basename } from 'node:path';
import { hashOf } from '../../core/canonical.ts';
import type { RunEvent } from '../../core/events.ts';
import { flagsToMessageIndices, transcriptToEvents, type TranscriptEvents } from '../../transcript/transcriptToEvents.ts';
import { readTranscript } from '../../transcript/parseTranscript.ts';
import type { FlaggedTrace } from '../eval/evalLabelled.ts';
import type { PrintedFlag } from '../offline/flagText.ts';
import { looksLikeRunFile } from '../offline/looksLikeRunFile.ts';
import { readWarnings } from '../offline/readWarnings.ts';
import { RunFileEvents } from '../offline/RunFileEvents.ts';
import { DEFAULT_MONITORS } from '../registry.ts';
import { judgeConversation, judgeHeader, type JudgeOptions, type JudgeOutcome } from './judgeConversation.ts';
import { judgeRecordPath } from './judgeRecordName.ts';
import type { JudgeHeader } from './JudgeRecord.ts';

/** A conversation read for judging: a run file's events, or a transcript's converted ones. */
export interface JudgeInput {
  readonly file: string;
  /** Its events: for a run file, those judging and scoring read (agents, messages, truth, flags, the end). */
  readonly events: readonly RunEvent[];
  /** The file's name and its content's identity: a run's id, a transcript's hash. */
  readonly judged: { readonly file: string; readonly id: string };
  /** A transcript's conversion (positions are message indices), or null for a run file (event seqs). */
  readonly transcript: (TranscriptEvents & { readonly id: string; readonly messages: number }) | null;
  /** A run file whose every agent is synthetic: its truth events label every failure, so it can be scored. */
  readonly labelled: boolean;
  /** A sealed run: its end (turns) is known, so its flag rates can be scored. */
  readonly sealed: boolean;
  /** The monitors the run recorded as enabled (its online flags are among `events`). */
  readonly monitors: readonly string[];
  /** The agents of the conversation. */
  readonly agents: readonly string[];
  /** About the file as read (unsealed, torn), for stderr. */
  readonly warnings: readonly string[];
}

/** Options of `judgeInput`: those of `judgeConversation` but the record and what is judged, which the input gives. */
export interface JudgeFileOptions extends Omit<JudgeOptions, 'record' | 'judged' | 'describe'> {
  /** The folder of judge records (default: the judged file's own). */
  readonly outDir?: string | null;
}

/** One judged file: the judge's pass, its flags as `troupe monitor` prints them, and what they are scored on. */
export interface JudgedFile extends JudgeOutcome, Omit<JudgeInput, 'judged' | 'transcript'> {
  readonly record: string;
  /** Positions: event seqs over a run file, 0-based message indices over a transcript. */
  readonly unit: 'seq' | 'msg';
  readonly printed: readonly PrintedFlag[];
  /** A transcript's id, messages and first message's seq (for trace-level scoring against labels); null for a run file. */
  readonly trace: Omit<FlaggedTrace, 'flags'> | null;
}

/** The event types a judge pass and its scoring read from a run file (the rest, mostly model requests, is skipped). */
const READ = new Set(['agent.spawn', 'message', 'truth', 'flag', 'run.end']);

/**
 * Read a run file (as far as it goes, when unsealed) or a `troupe.transcript/1`
 * file for judging; a file that is neither, or is damaged, is a UserError
 * naming it — found before any model call is paid for.
 *
 * @example const input = loadJudgeInput('runs/abc.jsonl')
 */
export function loadJudgeInput(file: string): JudgeInput {
  if (looksLikeRunFile(file)) {
    const run = RunFileEvents.open(file, READ);
    let events: RunEvent[];
    try {
      events = [...run];
    } finally {
      run.close();
    }
    const config = run.header.config;
    return {
      file,
      events,
      judged: { file: basename(file), id: run.header.runId },
      transcript: null,
      labelled: config.agents.every((a) => a.policy.kind === 'synthetic'),
      sealed: run.seal !== null,
      monitors: config.monitors.enabled ?? DEFAULT_MONITORS,
      agents: config.agents.map((a) => a.id),
      warnings: readWarnings(file, run.readState(), 'judged'),
    };
  }
  const transcript = readTranscript(file);
  const converted = transcriptToEvents(transcript);
  return {
    file,
    events: converted.events,
    judged: { file: basename(file), id: hashOf(transcript) },
    transcript: { ...converted, id: transcript.id, messages: transcript.messages.length },
    labelled: false,
    sealed: true,
    monitors: [],
    agents: transcript.agents.map((a) => a.id),
    warnings: [],
  };
}

/**
 * Judge a conversation read by `loadJudgeInput`. Its record is
 * `<name>.judge-<fingerprint>.jsonl` beside the file (or in `outDir`), the
 * fingerprint being the judge's settings, instructions and history and the
 * conversation's identity: another judge, or another conversation of the same
 * name, keeps a record of its own (`judgeRecordPath`).
 *
 * @example const judged = await judgeInput(loadJudgeInput('runs/abc.jsonl'), { policy, model: 'llama3', history: 8, inFlight: 4 })
 */
export async function judgeInput(input: JudgeInput, options: JudgeFileOptions): Promise<JudgedFile> {
  const { path: record } = judgeRecordOf(input, options);
  const t = input.transcript;
  const describe = t ? (seq: number) => `message ${seq - t.firstMessageSeq}` : undefined;
  const outcome = await judgeConversation(input.events, { ...options, record, judged: input.judged, ...(describe && { describe }) });
  const { judged: _judged, transcript: _transcript, ...rest } = input;
  if (t === null) return { ...rest, ...outcome, record, unit: 'seq', printed: outcome.flags, trace: null };
  const trace = { id: t.id, messages: t.messages, firstMessageSeq: t.firstMessageSeq };
  return { ...rest, ...outcome, record, unit: 'msg', printed: flagsToMessageIndices(outcome.flags, t), trace };
}

/**
 * The judge record of a conversation for these judge options: its path and
 * header. `JudgeRecord.read(path, header)` checks it before any call (a
 * damaged record must not come to light after other files' paid calls).
 */
export function judgeRecordOf(input: JudgeInput, options: Pick<JudgeFileOptions, 'policy' | 'history' | 'outDir'>): { path: string; header: JudgeHeader } {
  const header = judgeHeader(options.policy.settings, input.judged, options.history);
  return { path: judgeRecordPath(input.file, hashOf(header).slice(0, 8), options.outDir ?? null), header };
}

/** `loadJudgeInput` then `judgeInput`. */
export async function judgeFile(file: string, options: JudgeFileOptions): Promise<JudgedFile> {
  return judgeInput(loadJudgeInput(file), options);
}
