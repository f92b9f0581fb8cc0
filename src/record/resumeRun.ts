import type { RunPlugin } from '../runner/RunPlugin.ts';
import type { RunConfig } from '../core/config.ts';
import { recordedEnd } from './runTail.ts';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, rmSync, statSync, truncateSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../core/errors.ts';
import type { RunResult } from '../runner/runWorld.ts';
import { checkRecordedWorld, resolveRecordedWorld } from '../world/resolveWorld.ts';
import { explainDivergence, formatDivergence } from './explainDivergence.ts';
import { Phases, forkPointsOf } from './phases.ts';
import { changedModules } from './changedModules.ts';
import { RecordedRun } from './RecordedRun.ts';
import { reenact } from './reenact.ts';
import { RunLock } from './RunLock.ts';
import { RunRecorder } from './RunRecorder.ts';
import { describeVerify, verifyRun, type VerifyReport } from './verifyRun.ts';
import { CannotWrite, cannotWrite } from './writableFile.ts';

export interface ResumeOptions {
  /** Resume a copy in this directory, leaving the original untouched (default: in place). */
  readonly out?: string;
  /** Re-run against this world module instead of the recorded one. */
  readonly world?: string;
  /**
   * The plugins of each config (default: the runner's `defaultPlugins`): give a script's own — e.g.
   * `(config) => [monitorPlugin(config.monitors, [mine]), ...mitigationPlugins(config.mitigations)]` — for a run
   * that script recorded with them.
   */
  readonly plugins?: (config: RunConfig) => RunPlugin[];
  /** A spent model-call budget leaves the file unsealed again, ending before the refused call (a sweep's runs). */
  readonly budgetLeavesUnsealed?: boolean;
}

export interface ResumeResult extends RunResult {
  /** Events that were already recorded (replayed, not rewritten). */
  readonly recorded: number;
}

/**
 * Finish a run that was killed mid-way (SIGKILL, power loss). Its file is an
 * intact, unsealed prefix, perhaps with a half-written last line: resume
 * replays that prefix to rebuild every agent's and the world's state (each
 * event compared with the recorded line, recorded replies served), drops the
 * torn line, then appends the rest of the run to the same file and seals it.
 * Resume is a fork at the last recorded event with nothing changed, so for a
 * deterministic policy the sealed file equals the uninterrupted run's.
 *
 * @example
 * const result = await resumeRun('runs/3f2a….jsonl');
 * console.log(result.finalHash);
 */
export async function resumeRun(path: string, options: ResumeOptions = {}): Promise<ResumeResult> {
  const copying = options.out !== undefined && resolve(options.out) !== resolve(dirname(path));
  // Locked before the file is read: a run still being written (or resumed) elsewhere is not resumed under its writer.
  let lock = copying || !existsSync(path) ? null : lockToResume(path);
  let recorder: RunRecorder | null = null;
  // The copy this call made (--out), removed again if the resume fails before it records anything: a refused resume
  // leaves nothing behind, as a refused fork does.
  let copy: string | null = null;
  try {
    const integrity = resumable(path);
    let file = path;
    if (copying) [file, lock] = copyPrefix(path, options.out!);
    if (copying) copy = file;
    // Checked before the replay: the file is first written when the run goes live, deep inside it.
    try {
      accessSync(file, constants.W_OK);
    } catch (error) {
      throw cannotWrite('the run file', file, error);
    }
    const recorded = integrity.events;
    const recording = RecordedRun.open(file, recorded);
    const openRecorder = (): RunRecorder => {
      // Only now, with the whole prefix confirmed, is the file touched: the torn line goes, the rest is appended.
      truncateSync(file, integrity.validBytes);
      recorder = RunRecorder.append(file, { hash: integrity.lastHash!, events: recorded, counts: integrity.counts }, { lock: lock! });
      return recorder;
    };
    try {
      const header = recording.header;
      const world = await resolveRecordedWorld(header.config.world, options.world);
      checkRecordedWorld(world, { id: header.world, ref: header.config.world }, path, options.world, 'Resume');
      const phases = new Phases(header.config, forkPointsOf(header.parent), world.world, options.plugins);
      // Edited code would write the rest of the run under a header that names the recorded code: a file no replay
      // can reproduce, with either code. (A fork records the code it runs with.)
      const changed = await changedModules(header, world, phases.configs);
      if (changed.length > 0) {
        throw new UserError(
          `Cannot resume ${path}: it was recorded with other code of ${changed.join('; ')}. The rest of the run would be this code's under a header naming the recorded code, which no replay reproduces. ` +
            `Restore the recorded code to resume it, or continue it with this code as a new run: \`troupe fork ${path} --at end\`.`,
        );
      }
      const run = await reenact({
        recording,
        world,
        phases,
        parent: header.parent,
        recordedBelow: recorded,
        live: true,
        checkChain: false,
        budgetLeavesUnsealed: options.budgetLeavesUnsealed === true,
        onEvent: (e, live) => {
          if (live) (recorder ?? openRecorder()).append(e);
        },
      });
      if (run.mismatch) {
        const divergence = explainDivergence({ mismatch: run.mismatch, path: file, header, world, config: header.config, regeneratedMessages: (a) => run.served.lastMessages.get(a) });
        throw new UserError(`Cannot resume ${path}: its recorded events no longer replay (${copy ? 'no copy was made' : 'the file was left unchanged'}).\n${formatDivergence(divergence)}`);
      }
      if (run.result.unsealed) {
        // Cut by its budget again: what it recorded since is kept, still unsealed, for the next resume.
        (recorder as RunRecorder | null)?.abandon();
        return { ...run.result, file, recorded };
      }
      const seal = (recorder ?? openRecorder()).seal(run.result.termination.reason);
      return { ...run.result, file, finalHash: seal.finalHash, recorded };
    } finally {
      recording.close();
    }
  } catch (error) {
    (recorder as RunRecorder | null)?.abandon();
    if (copy !== null && recorder === null) rmSync(copy, { force: true });
    throw error;
  } finally {
    // The recorder releases the lock when it closes; without one (an error before it opened) it is released here.
    (lock as RunLock | null)?.release();
  }
}

/** The file's integrity, if it has an intact, unsealed prefix to resume; otherwise the reason it has none. */
function resumable(path: string): VerifyReport {
  const integrity = verifyRun(path);
  if (integrity.status === 'sealed') throw new UserError(`${path} is complete (sealed, ${integrity.events} events): nothing to resume.${forkHint(path, integrity)}`);
  if (integrity.status === 'damaged') throw new UserError(`Cannot resume ${path}: resume needs an intact prefix.\n${describeVerify(integrity)}`);
  return integrity;
}

/**
 * For a run that ended in error or out of budget (a model server that was down, say): how to carry it on — a fork
 * from the turn it failed in, since a sealed ending is part of the recording.
 */
function forkHint(path: string, integrity: VerifyReport): string {
  const ended = integrity.seal?.termination;
  if (ended !== 'error' && ended !== 'budget') return '';
  const end = recordedEnd(path);
  const turn = end?.turns ?? null;
  return (
    ` It ended in ${ended}${turn !== null ? ` in turn ${turn}` : ''}${end?.detail ? ` (${end.detail})` : ''}; resume finishes unfinished runs only.` +
    ` To carry it on from before that, fork it: \`troupe fork ${path} --at ${turn !== null ? `turn:${turn}` : 'SEQ'}\` (the fork keeps the events before that turn and runs live from there).`
  );
}

/**
 * Lock a run file to resume it in place. In a folder troupe cannot write to, a file with nothing to resume
 * (sealed, damaged) says so rather than that its folder is read-only; an unsealed one gets the advice to resume a
 * copy elsewhere (--out).
 */
function lockToResume(path: string): RunLock {
  try {
    return RunLock.acquire(path);
  } catch (error) {
    if (error instanceof CannotWrite) resumable(path);
    throw error;
  }
}

/** Copy a run file into `dir` (same file name), locked, and return the copy; resume trims it to its intact prefix. */
function copyPrefix(path: string, dir: string): [string, RunLock] {
  const target = join(dir, basename(path));
  const lock = RunLock.acquire(target);
  // Never over a file already there: it may be a finished run (a live model's, which cannot be made again), or a
  // copy resumed before.
  if (existsSync(target)) {
    lock.release();
    throw new UserError(`${target} already exists: resume it in place (\`troupe resume ${target}\`), or choose another --out.`);
  }
  try {
    copyFileSync(path, target, constants.COPYFILE_EXCL);
    // The copy is ours to finish, even of a read-only original (copyFileSync keeps the mode).
    chmodSync(target, statSync(target).mode | 0o200);
  } catch (error) {
    lock.release();
    throw cannotWrite('the copy', target, error);
  }
  return [target, lock];
}
