import { closeSync, fsyncSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * fsync a folder, so the entries of files created in it survive a power loss (a file's own fsync makes its
 * contents durable, not POSIX-wise its name). Some filesystems refuse fsync on folders; their files are synced
 * on their own, so that refusal is not an error.
 *
 * @example await syncFolder('runs')
 */
export async function syncFolder(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    await handle.sync().finally(() => handle.close());
  } catch {
    // See above.
  }
}

/** `syncFolder` on this thread (the synchronous seal of fork and resume). */
export function syncFolderNow(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // See syncFolder.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
