import { existsSync } from 'node:fs';
import { UserError } from '../core/errors.ts';
import type { RunConfig } from '../core/config.ts';
import { usesLiveModel } from '../core/specs.ts';
import { isSealed } from './runTail.ts';

/**
 * Refuse to record over `file` when it already holds a run of `config` made with a live model. A run's file is
 * named after its config, so running a config again writes the same file: harmless for synthetic and scripted
 * agents, which record the same events again, but a live model's replies differ every time, and the earlier
 * recording — its model calls paid for — would be lost. An unfinished one is refused too: resume finishes it (a
 * sweep does so itself). Call it holding the file's lock: checked before, a run of the same config sealing meanwhile
 * would be recorded over.
 */
export function keepLiveRecording(file: string, config: RunConfig): void {
  if (!existsSync(file) || !usesLiveModel(config)) return;
  if (isSealed(file)) {
    throw new UserError(
      `${file} already holds a run of this configuration recorded from a live model; running it again would replace that recording with a different one. ` +
        'Use another --out or --seed, or replay or fork the recording.',
    );
  }
  throw new UserError(`${file} holds an unfinished run of this configuration recorded from a live model: \`troupe resume ${file}\` finishes it (delete the file to start over).`);
}
