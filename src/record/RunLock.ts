import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { UserError } from '../core/errors.ts';

/** The writer named in a lock file. */
export interface LockOwner {
  readonly pid: number;
  readonly thread: number;
}

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
 * resumable. Two processes breaking the same stale lock at the same instant
 * can both proceed; that race needs a dead writer and two new ones within
 * microseconds, and is left alone.
 *
 * @example const lock = RunLock.acquire(file); try { … } finally { lock.release(); }
 */
export class RunLock {
  private released = false;

  private constructor(readonly path: string) {}

  static acquire(file: string): RunLock {
    const path = lockPath(file);
    // The lock is written under a private name and linked into place: link fails if the lock exists, and a lock
    // never exists without its owner in it.
    const draft = `${path}.${process.pid}.${threadId}`;
    try {
      writeFileSync(draft, `${process.pid} ${threadId}\n`);
    } catch (error) {
      throw new UserError(`Cannot create the lock ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}): choose a writable directory with --out DIR.`);
    }
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          place(draft, path);
          held.add(path);
          return new RunLock(path);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'error';
          if (code !== 'EEXIST') throw new UserError(`Cannot create the lock ${path} (${code}): choose a writable directory with --out DIR.`);
        }
        const owner = liveOwner(path);
        if (owner) throw new UserError(`${file} is being written by ${describeOwner(owner)}: wait until it is done (if no such process runs, delete ${path}).`);
        // Stale: its writer is gone. One retry; a lock that reappears at once belongs to a live writer after all.
        if (attempt > 0) throw new UserError(`${file} is being written by another process (lock ${path}).`);
        rmSync(path, { force: true });
      }
    } finally {
      rmSync(draft, { force: true });
    }
  }

  /** Give the file up (idempotent). */
  release(): void {
    if (this.released) return;
    this.released = true;
    held.delete(this.path);
    rmSync(this.path, { force: true });
  }
}

/** Who is writing `file` right now, or null (no lock, or a stale one). */
export function runWriter(file: string): LockOwner | null {
  return liveOwner(lockPath(file));
}

/**
 * Remove `file`'s lock if it names `thread` of this process: for a worker
 * thread that was terminated mid-run, whose locks would otherwise read as
 * held for as long as this process lives.
 */
export function clearLockOf(file: string, thread: number): void {
  const path = lockPath(file);
  const owner = ownerOf(path);
  if (owner?.pid === process.pid && owner.thread === thread) rmSync(path, { force: true });
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

function liveOwner(path: string): LockOwner | null {
  const owner = ownerOf(path);
  return owner && isAlive(owner, path) ? owner : null;
}

/** The writer a lock names (null: no lock, or not a lock troupe wrote). */
function ownerOf(path: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  const [pid, thread] = text.trim().split(' ').map(Number);
  return Number.isSafeInteger(pid) && Number.isSafeInteger(thread) ? { pid: pid!, thread: thread! } : null;
}

function isAlive(owner: LockOwner, path: string): boolean {
  if (owner.pid === process.pid) return owner.thread !== threadId || held.has(path);
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
