import { join } from 'node:path';
import { UserError } from '../core/errors.ts';
import { describeOwner, RunLock, runWriter } from '../record/RunLock.ts';

/** Locks this process holds on sweep folders (released on an interrupt, see `releaseAll`). */
const held = new Set<SweepFolderLock>();

/**
 * A sweep's right to its folder: `<dir>/sweep.lock`, a `RunLock` held for
 * the sweep's whole life. Run locks alone stop two sweeps only where their
 * runs overlap: two sweeps of other seeds into one folder would each pass,
 * then one records over runs the other sealed and both write the summary.
 * A lock whose process is gone is stale and taken over (a killed sweep is
 * run again into its folder).
 *
 * @example const lock = SweepFolderLock.acquire(plan.dir); try { … } finally { lock.release(); }
 */
export class SweepFolderLock {
  private constructor(private readonly lock: RunLock) {}

  static acquire(dir: string): SweepFolderLock {
    const marker = join(dir, 'sweep');
    const writer = runWriter(marker);
    if (writer) throw new UserError(`${dir} is in use: ${describeOwner(writer)} is sweeping into it. Wait for that sweep to finish, or use another --out.`);
    const lock = new SweepFolderLock(RunLock.acquire(marker, "the sweep's lock in"));
    held.add(lock);
    return lock;
  }

  release(): void {
    held.delete(this);
    this.lock.release();
  }

  /** Let go of every sweep folder this process holds (it is about to exit). */
  static releaseAll(): void {
    for (const lock of held) lock.release();
  }
}
