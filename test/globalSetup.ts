import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary folder the tests make (and the CLI processes they start) goes under one folder of this test
 * session, removed at its end: the tests make hundreds of run folders, which would otherwise pile up in /tmp.
 * `os.tmpdir()` reads TMPDIR at each call, and the test workers and their child processes inherit it.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'troupe-tests-'));
  // Sticky and open to all, as /tmp: some tests run the CLI as another user, whose tsx caches its files here.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
