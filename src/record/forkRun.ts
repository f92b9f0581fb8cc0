import type { RunPlugin } from '../runner/RunPlugin.ts';
import type { RunConfig } from '../core/config.ts';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '../core/events.ts';
import { UserError } from '../core/errors.ts';
import { runHeader } from '../runner/runHeader.ts';
import { runIdOf, type RunResult } from '../runner/runWorld.ts';
import { checkRecordedWorld, resolveRecordedWorld } from '../world/resolveWorld.ts';
import { explainDivergence, formatDivergence } from './explainDivergence.ts';
import { describeChange, forkChangeOf } from './forkChange.ts';
import { loadMitigations } from '../mitigations/loadMitigations.ts';
import { DEFAULT_MONITORS } from '../monitors/registry.ts';
import { keepLiveRecording } from './keepLiveRecording.ts';
import { LineReader } from './LineReader.ts';
import { Phases, forkPointsOf } from './phases.ts';
import { RecordedRun } from './RecordedRun.ts';
import { reenact } from './reenact.ts';
import { RunLock } from './RunLock.ts';
import { RunRecorder } from './RunRecorder.ts';
import { hashOfLine, historyRunId, typeOfLine, type Parent } from './runFile.ts';
import { describeVerify, verifyRun } from './verifyRun.ts';

export interface ForkOptions {
  /**
   * The fork point: the seq of the last parent event kept; `turn:N` (turn N is
   * the first under the new config); or `end` (just before the run's ending,
   * e.g. to continue a run that hit its turn cap).
   */
  readonly at: number | string;
  /** Policy kind for every agent after the fork point. */
  readonly policy?: string;
  /** Seed of the remaining RNG streams after the fork point. */
  readonly seed?: number;
  /** Other changes, `key=value` (see `FORK_SET_KEYS`). */
  readonly set?: Readonly<Record<string, string>>;
  /**
   * The plugins of each config (default: the runner's `defaultPlugins`): give a script's own — e.g.
   * `(config) => [monitorPlugin(config.monitors, [mine]), ...mitigationPlugins(config.mitigations)]` — for a run
   * that script recorded with them.
   */
  readonly plugins?: (config: RunConfig) => RunPlugin[];
  /** Directory for the child run file. */
  readonly out: string;
  /** Re-run against this world module instead of the recorded one. */
  readonly world?: string;
}

export interface ForkResult extends RunResult {
  readonly parent: Parent;
}

/**
 * Fork a recorded run: replay its prefix exactly (recorded replies, every
 * event compared with the parent's), then continue live with the changed
 * configuration. Events up to the fork point are the parent's byte for byte;
 * model calls whose request lies after it go to the new policy, and every
 * other decision after it (scheduler and world draws, caps, monitors and
 * mitigations) follows the new config — see `Phases`. The child's header
 * keeps the config its events started under and records the parent, its hash
 * at the fork point and the change. With nothing changed and a deterministic
 * policy the child's events equal the parent's.
 *
 * @example
 * const child = await forkRun('runs/3f2a….jsonl', { at: 'turn:10', seed: 9, out: 'runs' });
 */
export async function forkRun(path: string, options: ForkOptions): Promise<ForkResult> {
  const integrity = verifyRun(path);
  if (integrity.status === 'damaged') throw new UserError(`Cannot fork a damaged run file.\n${describeVerify(integrity)}`);
  const point = locateForkPoint(path, options.at);
  const recording = RecordedRun.open(path);
  try {
    const header = recording.header;
    const world = await resolveRecordedWorld(header.config.world, options.world);
    checkRecordedWorld(world, { id: header.world, ref: header.config.world }, path, options.world, 'Fork');
    const points = forkPointsOf(header.parent);
    // A change this run took on after the fork point is part of its future, not of the state forked: a fork there
    // would silently continue from the config before it (a copy of an ancestor, listed as a copy of this run).
    const later = points.filter((p) => p.at > point.at && Object.keys(p.change).length > 0);
    if (later.length > 0 && header.parent) {
      const changes = later.map((p) => `${describeChange(p.change)} after seq ${p.at}`).join('; ');
      // The run to fork instead: the one whose own changes all come at or before the point. When none of them does,
      // that is the original run; otherwise an intermediate fork, whose id the lineage does not keep.
      const kept = points.filter((p) => p.at <= point.at && Object.keys(p.change).length > 0);
      const instead =
        kept.length === 0
          ? `Fork ${historyRunId(header)} (the original run: the same events up to seq ${point.at}) instead`
          : `Fork the ancestor made by the fork after seq ${kept.at(-1)!.at} (${describeChange(kept.at(-1)!.change)}) instead`;
      throw new UserError(
        `Seq ${point.at} of ${path} comes before the run's own fork point (${changes}): a fork there would start from the config before that change, not from this run's. ` +
          `${instead}, or fork this run at seq ${later.at(-1)!.at} or later.`,
      );
    }
    const lineage = points.filter((p) => p.at <= point.at);
    const change = forkChangeOf(options);
    // A cap the kept prefix has already passed would end the fork at once, recorded as "9 turns (cap 3)".
    for (const [key, kept, unit] of [['maxTurns', point.turns, 'turn'], ['maxMessages', point.messages, 'message']] as const) {
      const cap = Number(change[key]);
      if (change[key] !== undefined && Number.isInteger(cap) && cap < kept) {
        throw new UserError(`--set ${key}=${change[key]}: the run has ${kept} ${unit}${kept === 1 ? '' : 's'} up to the fork point, so that cap is already passed; give at least ${kept}, or fork earlier.`);
      }
    }
    const origin = historyRunId(header);
    const parent: Parent = {
      runId: header.runId,
      hash: point.hash,
      at: point.at,
      change,
      ...(lineage.length ? { lineage } : {}),
      ...(origin !== header.runId ? { origin } : {}),
    };
    const phases = new Phases(header.config, [...lineage, { at: point.at, change }], world.world, options.plugins);
    // Turning off a mitigation the run does not have would change nothing, yet be recorded as done. (Checked for a
    // new fork only: a recording keeps replaying whatever change it made.)
    const before = phases.configs.at(-2)!.mitigations;
    for (const [key, value] of Object.entries(change)) {
      const kind = key.startsWith('mitigation.') ? key.slice('mitigation.'.length) : null;
      if (kind !== null && value === 'off' && !before.some((m) => m.kind === kind)) {
        throw new UserError(`--set ${key}=off: the run has no "${kind}" mitigation to turn off at that point (its mitigations: ${before.map((m) => m.kind).join(', ') || 'none'}).`);
      }
    }
    // A change of mitigations or monitors configures them anew: one that could never act is refused, as by `run`.
    // (Only then: a recording made before that check keeps forking with, say, a new seed.)
    if (Object.keys(change).some((k) => /^(mitigations?|monitors?)\b/.test(k))) {
      const next = phases.configs.at(-1)!;
      // (Loading the mitigation modules it names, of your own, first.)
      await loadMitigations(next.mitigations, { monitors: next.monitors.enabled ?? DEFAULT_MONITORS });
    }
    const childId = runIdOf(header.config, parent);
    const file = join(options.out, `${childId}.jsonl`);
    // Locked before the replay: the recorder opens at the first event, inside the run, where a refusal would only
    // end the run; and a child file some other process is writing must not be touched, not even removed.
    const lock = RunLock.acquire(file);
    let recorder: RunRecorder | null = null;
    try {
      // The same fork made again writes the same file: a live model's earlier one is kept (its continuation differs).
      keepLiveRecording(file, phases.configs.at(-1)!);
      const record = (e: RunEvent, _live: boolean, canonical: string | null): void => {
        // run.start comes first and names the run the shared history started as; the child's own id names the file.
        // The child shares its parent's past byte for byte, so it keeps the parent's format version too.
        recorder ??= RunRecorder.create(file, runHeader(childId, header.config, world, parent, header.version, phases.configs), { lock });
        if (canonical === null) recorder.append(e);
        else recorder.appendCanonical(e.type, canonical);
      };
      const run = await reenact({ recording, world, phases, parent, recordedBelow: point.at + 1, live: true, checkChain: false, onEvent: record });
      if (run.mismatch) {
        if (recorder) {
          (recorder as RunRecorder).abandon();
          rmSync(file, { force: true });
        }
        const divergence = explainDivergence({ mismatch: run.mismatch, path, header, world, config: header.config, regeneratedMessages: (a) => run.served.lastMessages.get(a) });
        throw new UserError(`Cannot fork ${path}: it no longer replays up to the fork point (seq ${point.at}), so the child would not share its past.\n${formatDivergence(divergence)}`);
      }
      const seal = (recorder as RunRecorder | null)?.seal(run.result.termination.reason) ?? null;
      return { ...run.result, file: seal ? file : null, finalHash: seal?.finalHash ?? null, parent };
    } finally {
      // A fork cut short by an error keeps what it recorded, unsealed (after a seal this does nothing). The
      // recorder releases the lock when it closes; releasing here covers a fork that recorded nothing.
      (recorder as RunRecorder | null)?.abandon();
      lock.release();
    }
  } finally {
    recording.close();
  }
}

/** Where a fork starts: after event `at` (chain hash `hash`), with the turns begun and agents' messages kept. */
export interface ForkPoint {
  readonly at: number;
  readonly hash: string;
  readonly turns: number;
  readonly messages: number;
}

/** Resolve `--at` to the seq of the last parent event kept, with the parent's chain hash there. */
export function locateForkPoint(path: string, at: number | string): ForkPoint {
  const turn = typeof at === 'string' ? /^turn:(\d+)$/.exec(at) : null;
  const seq = typeof at === 'number' ? at : /^\d+$/.test(at) ? Number(at) : null;
  const atEnd = at === 'end';
  if (seq === null && !turn && !atEnd) throw new UserError(`--at must be an event seq (e.g. 120), turn:N (e.g. turn:10) or end, got "${at}".`);
  const wantTurn = turn ? Number(turn[1]) : null;
  const reader = new LineReader(path);
  let found: ForkPoint | null = null;
  let lastType: string | null = null;
  let events = 0;
  let turns = 0;
  let messages = 0;
  let ending = false;
  let lastHash = '';
  try {
    reader.next();
    let prev = (JSON.parse(reader.text()) as { h: string }).h;
    while (reader.next()) {
      const text = reader.text();
      const type = typeOfLine(text);
      if (type === null || type === 'seal') break;
      if (type === 'turn.start') {
        turns = (JSON.parse(text) as { turn: number }).turn;
        if (turns === wantTurn && !found) found = { at: events - 1, hash: prev, turns: turns - 1, messages };
      }
      // `end`: the last event before the run's ending (agents finishing, run.end), where its termination was decided.
      if (atEnd && !ending && (type === 'run.end' || (type === 'agent.state' && /"cause":"(FINISH|FAIL)"/.test(text)))) {
        ending = true;
        found = { at: events - 1, hash: prev, turns, messages };
      }
      // The runner's message count: agents' messages, not the world's notes.
      if (type === 'message' && (JSON.parse(text) as { from: string }).from !== 'world') messages++;
      prev = hashOfLine(text);
      if (events === seq) found = { at: seq, hash: prev, turns, messages };
      lastType = type;
      lastHash = prev;
      events++;
    }
  } finally {
    reader.close();
  }
  // Something must follow the fork point: it lies before run.end (or anywhere in an unfinished run).
  const end = lastType === 'run.end' ? events - 1 : events;
  if (found && found.at < end) return found;
  if (atEnd && events > 0) return { at: events - 1, hash: lastHash, turns, messages };
  if (events === 0) throw new UserError(`${path} has no events, only its header: there is nothing to fork from (start a new run instead).`);
  if (wantTurn !== null) throw new UserError(`--at turn:${wantTurn}: the run has ${turns} turn${turns === 1 ? '' : 's'}, so it has no turn ${wantTurn} to fork at.`);
  throw new UserError(`--at ${seq}: a fork point is the seq of an event before the run's end, 0 … ${end - 1}${lastType === 'run.end' ? ` (seq ${end} is run.end)` : ''}.`);
}
