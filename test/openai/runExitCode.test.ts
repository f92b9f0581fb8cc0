import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveWorld } from '../../src/world/index.ts';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

describe('troupe run against a model server that is not there', () => {
  it('records the run as ended in error, exits 1 so a script notices, and prints no synthetic ground truth', async () => {
    const dir = tempDir();
    const { world } = await resolveWorld('camel-roleplay');
    // One attempt per call: the failure is immediate instead of after the retry backoff.
    const agents = world.agents({ task: 'trading-bot' }).map((a) => ({ ...a, policy: { kind: 'openai', model: 'm', baseUrl: 'http://127.0.0.1:1/v1', maxAttempts: 1 } }));
    writeFileSync(join(dir, 'agents.json'), JSON.stringify(agents));
    const r = await troupe('run', 'camel-roleplay', '--param', 'task=trading-bot', '--agents', join(dir, 'agents.json'), '--out', dir);
    expect(r.stdout).toMatch(/ended: error — user call 0: connection failed/);
    expect(r.stdout).toMatch(/run file: /);
    expect(r.stdout).not.toMatch(/synthetic ground truth/);
    expect(r.code).toBe(1);
  });
});
