import { linkSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { UserError } from '../core/errors.ts';
import { procStatFields } from '../core/procStat.ts';
import { cannotWrite, makeDirsFor } from './writableFile.ts';

/** The writer named in a lock file. */
export interface LockOwner {
  readonly pid: number;
  readonly thread: number;
}

/** This process's start time, which tells it from an earlier process that had the same pid. */
const ownStart = startOf(process.pid);

/** What a lock taken by this thread says. */
const ownText = `${process.pid} ${threadId} ${ownStart ?? 0}\n`;

/** Lock files this thread holds (a lock naming this thread but not in here was left by a write cut short). */
const held = new Set<string>();

/**
 * Exclusive right to write one run file: `<file>.lock`, created atomically
 * (written aside, then hard-linked into place, which fails if a lock exists),
 * naming the writer's process and thread. Two writers of one file — a resume
 * of a run that is still going, the same run started twice, two sweeps into
 * one folder — would interleave their lines and break the hash chain, so the
 * second one gets a UserError and touches nothing. A lock whose process is
 * gone (killed, crashed) is stale and taken over: a killed run stays
 * resumable. Writers breaking the same stale lock at once take turns
 * (`breakStale`), so one of them gets the file (`breakStale` names the one
 * case left open).
 *
 * @example const lock = RunLock.acquire(file); try { … } finally { lock.release(); }
 */
export class RunLock {
  private released = false;

  private constructor(readonly path: string) {}

  /** `what` names the file in errors (a run file unless said otherwise). */
  static acquire(file: string, what = 'the run file'): RunLock {
    const path = lockPath(file);
    makeDirsFor(what, file);
    // Not a lock troupe could have made, nor one it may remove.
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw new UserError(`${path} is a directory where ${file}'s lock goes: remove it.`);
    let draft: string;
    try {
      draft = writeDraft(path);
    } catch (error) {
      throw cannotWrite(what, file, error);
    }
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          place(draft, path);
          held.add(path);
          return new RunLock(path);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(what, file, error);
        }
        const seen = lockText(path);
        const owner = ownerIn(seen);
        if (owner && isAlive(owner, path)) {
          throw new UserError(`${file} is being written by ${describeOwner(owner)}: wait until it is done (if no such process runs, delete ${path}).`);
        }
        // Stale: its writer is gone. Another writer breaking it at the same time may make this take a few turns.
        if (attempt >= BREAK_ATTEMPTS) throw new UserError(`${file} is being written by another process (lock ${path}).`);
        // Gone since the link failed (broken or released by another): try again. Removing "no lock" could remove
        // the one another writer puts there meanwhile.
        if (seen === null) continue;
        try {
          breakStale(path, seen, draft);
        } catch (error) {
          // E.g. a stale lock in a folder whose sticky bit keeps another user's files: not removable by this one.
          throw cannotWrite(what, file, error);
        }
      }
    } finally {
      rmSync(draft, { force: true });
    }
  }

  /** Give up every lock this thread holds: it is about to end (its files stay as they are, unsealed). */
  static releaseAll(): void {
    for (const path of held) if (lockText(path) === ownText) rmSync(path, { force: true });
    held.clear();
  }

  /** Give the file up (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.path);
    // Only if it is still ours: a writer that took it for stale meanwhile (one in another PID namespace sees no
    // process with this pid) keeps its own.
    if (lockText(this.path) === ownText) rmSync(this.path, { force: true });
  }
}

/** Who is writing `file` right now, or null (no lock, or a stale one). */
export function runWriter(file: string): LockOwner | null {
  return liveOwner(lockPath(file));
}

/**
 * Remove `file`'s lock if its writer is gone: litter next to a run sealed just before its process was killed,
 * which nothing else would remove (no one writes a sealed run again). Taken down as `acquire` takes down a
 * stale lock, so a writer that just took the file keeps it. Best effort: a folder troupe cannot write keeps it.
 */
export function clearStaleLock(file: string): void {
  const path = lockPath(file);
  const seen = lockText(path);
  if (seen === null) return;
  const owner = ownerIn(seen);
  if (owner && isAlive(owner, path)) return;
  let draft: string | null = null;
  try {
    draft = writeDraft(path);
    breakStale(path, seen, draft);
  } catch {
    // Not ours to fix: the lock stays, and reads as stale to anyone who looks.
  } finally {
    if (draft !== null) rmSync(draft, { force: true });
  }
}

/**
 * Write this thread's lock content under a private name beside `path`: it is linked into place, so a lock never
 * exists without its owner in it.
 */
function writeDraft(path: string): string {
  const draft = `${path}.${process.pid}.${threadId}`;
  writeFileSync(draft, ownText);
  return draft;
}

/**
 * Remove `file`'s lock if it names `writer`: for a sweep worker stopped
 * mid-run. Its lock names a process that is gone, so it would be taken over
 * as stale anyway; removing it leaves no lock file behind.
 */
export function clearLockOf(file: string, writer: LockOwner): void {
  const path = lockPath(file);
  const owner = ownerOf(path);
  if (owner?.pid === writer.pid && owner.thread === writer.thread) rmSync(path, { force: true });
}

export function describeOwner(owner: LockOwner): string {
  return owner.pid === process.pid ? (owner.thread === threadId ? 'this process' : `thread ${owner.thread} of this process`) : `process ${owner.pid}`;
}

/** Put the draft in place as the lock, failing with EEXIST if there is one. */
function place(draft: string, path: string): void {
  try {
    linkSync(draft, path);
  } catch (error) {
    // A filesystem without hard links: exclusive create, then the owner (a lock empty for an instant reads as stale).
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    writeFileSync(path, readFileSync(draft), { flag: 'wx' });
  }
}

/** Absolute, so one file's lock has one name in `held` however the file was named. */
function lockPath(file: string): string {
  return `${resolve(file)}.lock`;
}

/** Turns a writer takes at a stale lock that others are breaking too, a millisecond apart. */
const BREAK_ATTEMPTS = 50;

/**
 * Remove the stale lock at `path`, whose text was `seen`, unless it changed meanwhile. Writers breaking it at
 * once take turns under `<lock>.break` (taken like the lock itself): without it, one writer could read the stale
 * lock, another remove it and put its own in place, and the first remove that one — and both would write. Only
 * a writer that dies while holding `.break` (for microseconds) leaves a stale one, removed by the next writer
 * that finds it so. That removal has no turn-taking above it: two writers finding the same dead `.break` could
 * still, if one removes it and takes its own between the other's last look and its removal (microseconds), both
 * break at once. That needs a writer to die inside `.break` first, and is left alone.
 */
function breakStale(path: string, seen: string, draft: string): void {
  const breaker = `${path}.break`;
  try {
    place(draft, breaker);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const text = lockText(breaker);
    const owner = ownerIn(text);
    // Only a breaker that died holding it leaves it for good. One that just finished (no file to read now) must
    // not be taken for dead: removing the .break of the next one would let two writers break at once. Looked at
    // again just before removing, to keep the window in which another writer can take it in between short.
    if (owner && !isAlive(owner, breaker) && lockText(breaker) === text) rmSync(breaker, { force: true });
    else pause(1);
    return;
  }
  try {
    if (lockText(path) === seen) rmSync(path, { force: true });
  } finally {
    rmSync(breaker, { force: true });
  }
}

/** Block this thread for `ms` (lock taking is synchronous). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function liveOwner(path: string): LockOwner | null {
  const owner = ownerOf(path);
  return owner && isAlive(owner, path) ? { pid: owner.pid, thread: owner.thread } : null;
}

/** A lock file's text, or null if there is none. */
function lockText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The writer a lock names (null: no lock, or not a lock troupe wrote), with its process's start time if known. */
function ownerOf(path: string): (LockOwner & { readonly start: number }) | null {
  return ownerIn(lockText(path));
}

function ownerIn(text: string | null): (LockOwner & { readonly start: number }) | null {
  if (text === null) return null;
  const [pid, thread, start = 0] = text.trim().split(' ').map(Number);
  return Number.isSafeInteger(pid) && Number.isSafeInteger(thread) && Number.isSafeInteger(start) ? { pid: pid!, thread: thread!, start } : null;
}

function isAlive(owner: LockOwner & { readonly start: number }, path: string): boolean {
  // A pid can be reused (after a reboot, or by the next container whose process is pid 1): a process whose start
  // time differs from the lock's is not its writer. Without /proc (or in locks without a start) pids alone decide.
  const proc = procStat(owner.pid);
  if (owner.start !== 0 && proc !== null && proc.start !== owner.start) return false;
  // A killed writer its parent has not reaped yet (a zombie) writes nothing any more.
  if (proc?.state === 'Z' || proc?.state === 'X') return false;
  if (owner.pid === process.pid) return owner.thread !== threadId || held.has(path);
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's state (field 3) and start time (clock ticks since boot, field 22), or null where there is no /proc. */
function procStat(pid: number): { readonly state: string; readonly start: number } | null {
  const fields = procStatFields(pid);
  return fields && { state: fields[0]!, start: Number(fields[19]) };
}

/** A process's start time, or null where there is no /proc. */
function startOf(pid: number): number | null {
  return procStat(pid)?.start ?? null;
}
