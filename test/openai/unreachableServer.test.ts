import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorld } from '../../src/world/index.ts';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

/** `troupe run camel-roleplay` with openai agents whose server is not there (one attempt per call: no backoff). */
async function runUnreachable(dir: string) {
  const { world } = await resolveWorld('camel-roleplay');
  const agents = world.agents({ task: 'trading-bot' }).map((a) => ({ ...a, policy: { kind: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:1/v1', maxAttempts: 1 } }));
  writeFileSync(join(dir, 'agents.json'), JSON.stringify(agents));
  return troupe('run', 'camel-roleplay', '--param', 'task=trading-bot', '--agents', join(dir, 'agents.json'), '--out', dir);
}

describe('troupe run against a model server that is not there', () => {
  it('records the run as ended in error, exits 1 so a script notices, and prints no synthetic ground truth', async () => {
    const r = await runUnreachable(tempDir());
    expect(r.stdout).toMatch(/ended: error — user call 0: connection failed/);
    expect(r.stdout).toMatch(/run file: /);
    expect(r.stdout).not.toMatch(/synthetic ground truth/);
    expect(r.code).toBe(1);
  });

  it('never records over a live model’s earlier run of the same config, sealed or unfinished', async () => {
    const dir = tempDir();
    const first = await runUnreachable(dir);
    const file = /run file: (\S+)/.exec(first.stdout)![1]!;
    const bytes = readFileSync(file);
    const again = await runUnreachable(dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`${file} already holds a run of this configuration recorded from a live model`);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    truncateSync(file, bytes.indexOf(10) + 1);
    const cut = await runUnreachable(dir);
    expect(cut.stderr).toContain(`troupe resume ${file}\` finishes it`);
    expect(readFileSync(file).length).toBe(bytes.indexOf(10) + 1);
  });
});
