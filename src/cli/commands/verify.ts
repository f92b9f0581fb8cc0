import { Command } from '@commander-js/extra-typings';
import { describeVerify, verifyRun } from '../../record/verifyRun.ts';

/**
 * `troupe verify <run.jsonl…>`: integrity only — header hash, hash chain,
 * seal and counts — without re-running anything. Exit 0 when every file is
 * sealed and intact; 1 when one is damaged or unsealed (the report says where).
 */
export function verifyCommand() {
  return new Command('verify')
    .description('Check run files’ integrity (header, hash chain, seal, counts) without re-running them; say where a file was edited, reordered, cut or left unsealed.')
    .argument('<runs...>', 'run files (runs/<id>.jsonl)')
    .option('--json', 'print one JSON object per file, one per line')
    .action((files, flags) => {
      let ok = true;
      for (const file of files) {
        const report = verifyRun(file);
        ok &&= report.status === 'sealed';
        process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${describeVerify(report)}\n`);
      }
      if (!ok) process.exitCode = 1;
    });
}
