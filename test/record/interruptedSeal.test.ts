import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RunRecorder } from '../../src/record/RunRecorder.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { runWorld } from '../../src/runner/index.ts';
import type { RunPlugin } from '../../src/runner/RunPlugin.ts';
import { tempDir } from '../helpers/runs.ts';

/** What the SIGINT handler does (see onInterrupt.ts), at the moment a run publishes run.end: at once, or once its seal has begun. */
function interruptAtRunEnd(when: 'before-seal' | 'during-seal'): { plugin: RunPlugin; left: Promise<string[]> } {
  let report!: (files: Promise<string[]>) => void;
  const left = new Promise<string[]>((resolve) => (report = (files) => void files.then(resolve)));
  const plugin: RunPlugin = ({ bus }) =>
    bus.subscribe((e) => {
      if (e.type !== 'run.end') return;
      // The runner calls sealAsync right after publishing run.end, before it awaits anything.
      if (when === 'before-seal') report(RunRecorder.abandonOpen());
      else queueMicrotask(() => report(RunRecorder.abandonOpen()));
    });
  return { plugin, left };
}

describe('a run interrupted as it ends', () => {
  for (const recorder of ['thread', 'inline'] as const) {
    it(`lets a seal under way finish, and does not list its file as unsealed (${recorder} recorder)`, async () => {
      const { plugin, left } = interruptAtRunEnd('during-seal');
      const result = await runWorld({ config: { world: 'relay', seed: 4 }, out: tempDir(), recorder, plugins: [plugin] });
      expect(await left).toEqual([]);
      expect(result.finalHash).not.toBeNull();
      expect(verifyRun(result.file!)).toMatchObject({ status: 'sealed', problems: [] });
      expect(existsSync(`${result.file}.lock`)).toBe(false);
    });

    it(`closes the file unsealed with every event kept when the interrupt comes first, and the run does not seal it after (${recorder} recorder)`, async () => {
      const { plugin, left } = interruptAtRunEnd('before-seal');
      const result = await runWorld({ config: { world: 'relay', seed: 4 }, out: tempDir(), recorder, plugins: [plugin] });
      expect(await left).toEqual([result.file]);
      expect(result.finalHash).toBeNull();
      expect(verifyRun(result.file!)).toMatchObject({ status: 'unsealed', problems: [], events: result.events });
      expect(existsSync(`${result.file}.lock`)).toBe(false);
    });
  }
});
