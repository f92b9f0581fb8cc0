import { SweepFolderLock } from '../experiment/SweepFolderLock.ts';
import { killWorkers } from '../experiment/sweepWorkers.ts';
import { exitAsPlanned } from './plannedExit.ts';
import { JudgeRecord } from '../monitors/judge/JudgeRecord.ts';
import { RunRecorder } from '../record/RunRecorder.ts';
import { syncHeldFolders } from '../record/syncFolder.ts';

let interrupted = false;

/**
 * Whether a signal is being handled: the handler says what happened and exits. A command failing meanwhile fails
 * because of the signal (a sweep's worker processes got a terminal's Ctrl-C too, and their ends fail the sweep), so
 * its error is not news to report.
 */
export function beingInterrupted(): boolean {
  return interrupted;
}

/**
 * On SIGINT or SIGTERM, close the run files this process is writing, unsealed (every event recorded so far is
 * kept, and the run stays resumable), say how to carry on, and exit 128 + the signal's number. Without this, the
 * default handler would end the process at once, losing the events not yet written and leaving locks behind.
 * A second signal while the files are closed ends the process at once (the default handler is back by then).
 * A sweep's runs live in its worker processes, which end with it: the runs they had not sealed run again
 * when the same sweep is started again. Returns a function that removes the handlers (`main` may be called
 * again in one process, as tests do).
 */
export function onInterrupt(command: string | undefined): () => void {
  const handlers = (['SIGINT', 'SIGTERM'] as const).map((signal) => {
    const handler = (): void => {
      interrupted = true;
      stop();
      // Their runs in hand stay unsealed (run again by the next sweep), as a worker thread's would with the process.
      killWorkers();
      // Judge records hold every verdict already (each is fsynced as it comes): closing them lets go of their locks.
      const judged = JudgeRecord.closeOpen();
      void RunRecorder.abandonOpen().then((files) => {
        // A sweep's sealed runs leave their names to one folder sync at its end, which an exit now would skip.
        syncHeldFolders();
        SweepFolderLock.releaseAll();
        const lines = [`troupe: interrupted (${signal}).`];
        // A sweep re-runs its unsealed runs itself: resuming them one by one is not the way on.
        if (command === 'sweep') {
          lines.push('  The runs already sealed are kept: run the same sweep again to continue where it stopped (a live model\'s unfinished runs are resumed, replies kept; the others run again).');
        }
        else for (const file of files) lines.push(`  ${file} is unsealed: \`troupe resume ${file}\` finishes it.`);
        if (judged.length) lines.push(`  The judge's verdicts so far are kept (${judged.length === 1 ? judged[0] : `${judged.length} judge records`}): judge again to go on where it stopped.`);
        process.stderr.write(`${lines.join('\n')}\n`);
        exitAsPlanned(signal === 'SIGINT' ? 130 : 143);
      });
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const stop = (): void => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
  return stop;
}
