import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { camelAgents, camelScript } from '../../agents/camelAgents.ts';
import { camelTasks } from '../../agents/camelTasks.ts';
import type { RunConfig, RunConfigInput } from '../core/config.ts';
import { wallClockMs } from '../determinism/clock.ts';
import { startMockServerWorker } from '../mock/index.ts';
import { sharedOpenAILimits } from '../policies/openai/index.ts';
import { runWorld } from '../runner/index.ts';

/** The setting of the issue: loopback latency L, concurrency C, many worlds at once. */
export interface BenchOpenaiOptions {
  readonly latencyMs?: number;
  readonly concurrency?: number;
  readonly worlds?: number;
  /** Measurements per figure; the best is kept, since other load on the machine only ever slows a run down. */
  readonly repeats?: number;
  /** false = record nothing, to separate the recorder's cost from the rest. */
  readonly record?: boolean;
}

/**
 * `ratioToIdeal` = turnsPerSec / (C / L). `overheadMsPerCall` = the engine's
 * own wall time per model call. `cpuMsPerTurn` = process CPU (engine, client
 * and the loopback server's thread) per turn, which says how much headroom
 * the machine had when the ratio falls short.
 */
export type BenchOpenaiResult = {
  turnsPerSec: number;
  ratioToIdeal: number;
  overheadMsPerCall: number;
  overallTurnsPerSec: number;
  cpuMsPerTurn: number;
};

/**
 * Throughput of live-model runs: `worlds` camel-roleplay runs at once, every
 * agent on the openai policy, against the loopback server (on its own thread,
 * as a real server would be) with latency L, through the process-wide limiter
 * set to C. With one model call per turn the ideal is C/L turns per second
 * (target ≥ 0.9 of it). `turnsPerSec` counts model replies in the steady
 * state — from the first reply until fewer than C worlds are left, so the
 * limiter could be full throughout — since the last few worlds of
 * different-length synthetic conversations cannot fill it alone;
 * `overallTurnsPerSec` includes start-up and that tail.
 *
 * Engine overhead is measured apart from the network: the same conversations,
 * one run at a time, on the scripted policy — what the runner, agents, bus and
 * recorder cost per model call.
 *
 * @example const { ratioToIdeal } = await benchOpenai(); // ≥ 0.9 on an otherwise idle machine
 */
export async function benchOpenai(options: BenchOpenaiOptions = {}): Promise<BenchOpenaiResult> {
  const latencyMs = options.latencyMs ?? 50;
  const concurrency = options.concurrency ?? 32;
  const worlds = Math.max(options.worlds ?? concurrency * 4, concurrency + 1);
  const repeats = Math.max(1, options.repeats ?? 2);
  const dir = options.record === false ? null : mkdtempSync(join(tmpdir(), 'troupe-bench-openai-'));
  const server = await startMockServerWorker({ port: 0, latencyMs });
  const limits = sharedOpenAILimits();
  const saved = limits.limits;
  limits.configure({ concurrency, maxRequests: null, maxTokens: null });
  try {
    // Warm-up: module loading, JIT, and a full pool of keep-alive connections.
    await Promise.all(Array.from({ length: concurrency }, (_, i) => runWorld({ config: camelConfig(server.url, 100_000 + i), out: null })));
    let best: Omit<BenchOpenaiResult, 'ratioToIdeal' | 'overheadMsPerCall'> | null = null;
    let configs: RunConfig[] = [];
    for (let r = 0; r < repeats; r++) {
      // A folder per round: a live model's run of a config already recorded in a folder is refused, not overwritten.
      const round = await manyWorlds(server.url, worlds, concurrency, dir === null ? null : join(dir, `round-${r}`));
      configs = round.configs;
      if (!best || round.figures.turnsPerSec > best.turnsPerSec) best = round.figures;
    }
    let overheadMsPerCall = Infinity;
    for (let r = 0; r < repeats + 1; r++) overheadMsPerCall = Math.min(overheadMsPerCall, await engineOverheadMsPerCall(configs.slice(0, 32), dir));
    return { ...best!, ratioToIdeal: best!.turnsPerSec / ((concurrency / latencyMs) * 1000), overheadMsPerCall };
  } finally {
    limits.configure(saved);
    await server.close();
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
}

/** One measurement: `worlds` runs at once, each recorded under `dir`. */
async function manyWorlds(url: string, worlds: number, concurrency: number, dir: string | null) {
  const replies: number[] = []; // wall time of every model reply, to count the steady state
  const finished: number[] = [];
  const cpu = process.cpuUsage();
  const started = wallClockMs();
  const results = await Promise.all(
    Array.from({ length: worlds }, async (_, i) => {
      const result = await runWorld({
        config: camelConfig(url, i + 1),
        out: dir,
        onEvent: (e) => void (e.type === 'model.response' && replies.push(wallClockMs())),
      });
      finished.push(wallClockMs());
      return result;
    }),
  );
  const elapsedMs = wallClockMs() - started;
  const used = process.cpuUsage(cpu);
  for (const r of results) if (r.termination.reason === 'error' || r.termination.reason === 'budget') throw new Error(`bench run ${r.runId} failed: ${r.termination.detail}`);
  // Steady state: from the first reply (the limiter has been full since one latency before it) until
  // fewer than C worlds are left running. Start-up (run files, first requests) and tail count only overall.
  const steadyStart = Math.min(...replies);
  const steadyEnd = finished.sort((a, b) => a - b)[worlds - concurrency]!;
  const steadyReplies = replies.filter((t) => t > steadyStart && t <= steadyEnd).length;
  const turns = results.reduce((sum, r) => sum + r.turns, 0);
  return {
    configs: results.map((r) => r.config),
    figures: {
      turnsPerSec: (steadyReplies / (steadyEnd - steadyStart)) * 1000,
      overallTurnsPerSec: (turns / elapsedMs) * 1000,
      cpuMsPerTurn: (used.user + used.system) / 1000 / turns,
    },
  };
}

/**
 * Wall time per model call of the same conversations with the network taken
 * out: each agent on the scripted policy with the world's reference script,
 * so what remains is the runner, agents, bus and recorder.
 */
async function engineOverheadMsPerCall(configs: readonly RunConfig[], dir: string | null): Promise<number> {
  let calls = 0;
  const scripted = configs.map((config) => {
    const task = camelTasks.find((t) => t.id === config.worldParams['task'])!;
    const script = camelScript(task);
    return { ...config, agents: config.agents.map((a) => ({ ...a, policy: { kind: 'scripted' as const, replies: script[a.id]! } })) };
  });
  await runWorld({ config: scripted[0]!, out: null }); // warm-up
  const started = wallClockMs();
  for (const config of scripted) {
    await runWorld({ config, out: dir, onEvent: (e) => void (e.type === 'model.request' && calls++) });
  }
  return (wallClockMs() - started) / Math.max(1, calls);
}

function camelConfig(url: string, seed: number): RunConfigInput {
  const task = camelTasks[seed % camelTasks.length]!;
  return {
    world: 'camel-roleplay',
    seed,
    worldParams: { task: task.id },
    agents: camelAgents(task).map((a) => ({ ...a, policy: { kind: 'openai', model: 'mock', baseUrl: url } })),
    maxTurns: 40,
  };
}
