import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPolicy } from '../../src/policies/index.ts';
import type { Policy, PolicyContext } from '../../src/policies/Policy.ts';
import type { PolicySpec } from '../../src/core/specs.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { runWorld } from '../../src/runner/index.ts';
import type { RunPlugin } from '../../src/runner/RunPlugin.ts';
import { tempDir } from '../helpers/runs.ts';

/** Synthetic policies that count their closes. */
function closeCounting(): { policyFor: (spec: PolicySpec, ctx: PolicyContext) => Policy; closed: () => number } {
  let closed = 0;
  return {
    policyFor: (spec, ctx) => {
      const policy = createPolicy(spec, ctx);
      return Object.assign(Object.create(policy) as Policy, { close: async () => void closed++ });
    },
    closed: () => closed,
  };
}

/** A plugin with a bug that only shows at the end of a run. */
const throwsOnRunEnd: RunPlugin = ({ bus }) =>
  bus.subscribe((e) => {
    if (e.type === 'run.end') throw new Error('plugin failed on run.end');
  });

describe("a run's ending", () => {
  for (const recorder of ['thread', 'inline'] as const) {
    it(`closes the file unsealed, lets go of its lock and closes the policies when a plugin throws on run.end (${recorder} recorder)`, async () => {
      const out = tempDir();
      const policies = closeCounting();
      const run = runWorld({ config: { world: 'relay', seed: 4 }, out, recorder, plugins: [throwsOnRunEnd], policyFor: policies.policyFor });
      await expect(run).rejects.toThrow('plugin failed on run.end');
      const [file] = readdirSync(out).filter((f) => f.endsWith('.jsonl'));
      const path = join(out, file!);
      expect(existsSync(`${path}.lock`)).toBe(false);
      const report = verifyRun(path);
      // Every event up to and including run.end is there, chained; only the seal is missing.
      expect(report.status).toBe('unsealed');
      expect(report.problems).toEqual([]);
      expect(policies.closed()).toBe(4);
    });
  }

  it('closes the policies when the run file cannot be created', async () => {
    const out = tempDir();
    // A file where the run's folder should be.
    const blocked = join(out, 'not-a-folder');
    writeFileSync(blocked, '');
    const policies = closeCounting();
    await expect(runWorld({ config: { world: 'relay', seed: 4 }, out: join(blocked, 'runs'), policyFor: policies.policyFor })).rejects.toThrow(/Cannot write/);
    expect(policies.closed()).toBe(4);
  });
});
