import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentSpec } from '../core/specs.ts';
import { wallClockMs } from '../determinism/clock.ts';
import { startMockServerWorker } from '../mock/index.ts';
import { judgeFile } from '../monitors/judge/index.ts';
import { judgeOutput } from '../monitors/judge/judgeOutput.ts';
import { createOpenAIPolicy, OpenAILimits } from '../policies/openai/index.ts';
import { runWorld } from '../runner/index.ts';

const LATENCY_MS = 50;
const CONCURRENCY = [8, 32];

/**
 * `troupe judge` against the loopback server (on its own thread) with latency
 * L: one long relay run's agent messages (~340) judged with C calls in flight,
 * for C = 8 and 32. The ideal is C / L messages per second; what falls short
 * is the judge's own cost per call (prompt, request hash, client, the record's
 * append and fsync). `rereadMs` is a second pass, every verdict read from the
 * record (no call).
 *
 * @example const { ratioToIdeal8 } = await benchJudge()
 */
export async function benchJudge(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'troupe-bench-judge-'));
  const server = await startMockServerWorker({ port: 0, latencyMs: LATENCY_MS });
  try {
    const run = await runWorld({ config: { world: 'relay', seed: 3, maxTurns: 400, worldParams: { jobs: 40 } }, out: dir });
    const out: Record<string, number> = {};
    for (const c of CONCURRENCY) {
      const policy = createOpenAIPolicy(
        { kind: 'openai', model: 'bench', baseUrl: server.url, apiKeyEnv: null, temperature: 0, topP: null, seed: null, maxTokens: null, maxAttempts: null, timeoutMs: null, maxRetryAfterMs: null, stream: false },
        { agent: { id: 'judge' } as AgentSpec, seed: 0 },
        { limits: new OpenAILimits({ concurrency: c }), structured: judgeOutput('json_schema') },
      );
      const records = mkdtempSync(join(dir, `c${c}-`));
      const started = wallClockMs();
      const first = await judgeFile(run.file!, { policy, model: 'bench', history: 8, inFlight: c, outDir: records });
      const seconds = (wallClockMs() - started) / 1000;
      if (first.failed.length) throw new Error(`bench judge: ${first.failed.length} messages without a verdict (${first.failed[0]!.error})`);
      const again = wallClockMs();
      await judgeFile(run.file!, { policy, model: 'bench', history: 8, inFlight: c, outDir: records });
      out['messages'] = first.messages;
      out[`messagesPerSec${c}`] = first.messages / seconds;
      out[`ratioToIdeal${c}`] = first.messages / seconds / ((c * 1000) / LATENCY_MS);
      out[`rereadMs${c}`] = wallClockMs() - again;
    }
    return out;
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
