import { describe, expect, it } from 'vitest';
import { runSummary } from '../../src/cli/runSummary.ts';
import { runWorld } from '../../src/runner/index.ts';

describe('the run summary', () => {
  it('prints each world parameter as given: text as is, anything else as JSON (not [object Object])', async () => {
    const result = await runWorld({ config: { world: 'relay', seed: 1, maxTurns: 1 } });
    const withObject = { ...result, config: { ...result.config, worldParams: { ...result.config.worldParams, opts: { x: 1 }, tags: ['a'] } } };
    expect(runSummary(withObject).split('\n')[0]).toBe(
      `troupe · relay (team=4, jobs=3, project=${result.config.worldParams.project as string}, scheduler=moderator, testFailRate=0.15, opts={"x":1}, tags=["a"]) · seed 1 · run ${result.runId}`,
    );
  });
});
