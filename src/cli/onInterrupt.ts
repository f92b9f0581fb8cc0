import { RunRecorder } from '../record/RunRecorder.ts';

/**
 * On SIGINT or SIGTERM, close the run files this process is writing, unsealed (every event recorded so far is
 * kept, and the run stays resumable), say how to carry on, and exit 128 + the signal's number. Without this, the
 * default handler would end the process at once, losing the events not yet written and leaving locks behind.
 * A sweep's runs live in its worker threads, which end with the process: the runs they had not sealed run again
 * when the same sweep is started again.
 */
export function onInterrupt(command: string | undefined): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      void RunRecorder.abandonOpen().then((files) => {
        const lines = [`troupe: interrupted (${signal}).`];
        for (const file of files) lines.push(`  ${file} is unsealed: \`troupe resume ${file}\` finishes it.`);
        if (command === 'sweep') lines.push('  The runs already sealed are kept: run the same sweep again to continue where it stopped.');
        process.stderr.write(`${lines.join('\n')}\n`);
        process.exit(code);
      });
    });
  }
}
