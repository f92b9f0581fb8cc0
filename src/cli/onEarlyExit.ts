import { RunLock } from '../record/RunLock.ts';
import { exitWasPlanned } from './plannedExit.ts';

/**
 * While `command` runs: if the process exits before it is done — a world's or module's code calling
 * `process.exit()` on this thread — say so and exit non-zero, instead of ending silently with code 0, no summary and
 * the run files' locks left behind. On any exit before the command is done (troupe's own too: an interrupt, a
 * closed stdout) the locks this thread holds are removed: the files stay as they are, unsealed and resumable.
 * Returns a function that removes the listener (once the command is done).
 */
export function onEarlyExit(command: string): () => void {
  const listener = (code: number): void => {
    RunLock.releaseAll();
    if (exitWasPlanned()) return;
    process.stderr.write(
      `troupe: the process exited (code ${code}) before \`troupe ${command}\` was done: did a world or module call process.exit()? What was recorded is kept: an unsealed run can be resumed, and a sweep run again goes on where it stopped.\n`,
    );
    if (code === 0) process.exitCode = 1;
  };
  process.on('exit', listener);
  return () => process.off('exit', listener);
}
