import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { startTroupe, troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a run against a slow model server, interrupted', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, latencyMs: 150 });
  });
  afterAll(() => server.close());

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`keeps the replies received before ${signal}, closes the file unsealed and resumable, and says how to finish it`, async () => {
      const out = tempDir();
      const args = ['run', 'camel-roleplay', '--policy', 'openai', '--model', 'mock', '--base-url', server.url, '--max-turns', '10', '--out', out];
      const { child, stderr, exited } = startTroupe(...args);
      // Several replies on disk (150 ms each), the run still going. Without the write before each wait on the
      // server, the events would sit in a 256-line batch and this would time out.
      const responses = () => {
        const [name] = existsSync(out) ? readdirSync(out).filter((f) => f.endsWith('.jsonl')) : [];
        return name ? readFileSync(join(out, name), 'utf8').split('"type":"model.response"').length - 1 : 0;
      };
      while (responses() < 3) await sleep(50);
      child.kill(signal);
      expect(await exited).toBe(code);
      const [name] = readdirSync(out).filter((f) => f.endsWith('.jsonl'));
      const file = join(out, name!);
      expect(stderr()).toContain(`${file} is unsealed: \`troupe resume ${file}\` finishes it.`);
      const report = verifyRun(file);
      expect(report.status).toBe('unsealed');
      expect(report.counts['model.response'] ?? 0).toBeGreaterThanOrEqual(3);
      expect(existsSync(`${file}.lock`)).toBe(false);
      const resumed = await troupe('resume', file);
      expect(resumed.code).toBe(0);
      expect(verifyRun(file).status).toBe('sealed');
    });
  }
});
