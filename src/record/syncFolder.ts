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

/** Folders whose new files' names wait for one fsync after many runs (a sweep's), by how many wait on each. */
const held = new Map<string, number>();

/**
 * Note that `dir`'s new file names wait for a later `syncFolder`; `syncHeldFolders` syncs them if the process is
 * interrupted first. Returns the release, for once that sync is done.
 */
export function holdFolder(dir: string): () => void {
  held.set(dir, (held.get(dir) ?? 0) + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const n = held.get(dir)! - 1;
    if (n > 0) held.set(dir, n);
    else held.delete(dir);
  };
}

/** Sync every held folder now (an interrupted process, before it exits). */
export function syncHeldFolders(): void {
  for (const dir of held.keys()) syncFolderNow(dir);
}
