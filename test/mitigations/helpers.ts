import type { MitigationSpec } from '../../src/core/config.ts';
import type { AgentSpecInput, PolicySpec } from '../../src/core/specs.ts';
import type { Policy, PolicyContext, PolicyRequest } from '../../src/policies/Policy.ts';
import type { EventOf, RunEvent } from '../../src/core/events.ts';
import { mitigationPlugins } from '../../src/mitigations/index.ts';
import { monitorPlugin } from '../../src/runner/defaultPlugins.ts';
import { createPolicy } from '../../src/policies/index.ts';
import type { RunPlugin } from '../../src/runner/index.ts';
import { runCollect, scriptedAgents } from '../helpers/runs.ts';

export const CAMEL = { world: 'camel-roleplay', worldParams: { task: 'trading-bot' } } as const;

/** Run a world with the given mitigations (and optionally monitors and extra plugins); collect every event. */
export async function runWith(options: {
  world?: string;
  worldParams?: Record<string, unknown>;
  seed?: number;
  mitigations: MitigationSpec[];
  agents?: AgentSpecInput[];
  monitors?: boolean;
  before?: RunPlugin[];
  maxTurns?: number;
}) {
  const world = options.world ?? CAMEL.world;
  const plugins: RunPlugin[] = [
    ...(options.before ?? []),
    ...(options.monitors ? [monitors()] : []),
    ...mitigationPlugins(options.mitigations),
  ];
  const seen: PolicyRequest[] = [];
  const policyFor = (spec: PolicySpec, ctx: PolicyContext): Policy => {
    const inner = createPolicy(spec, ctx);
    return { ...inner, decide: (request) => (seen.push(request), inner.decide(request)) };
  };
  const run = await runCollect({
    config: {
      world,
      seed: options.seed ?? 1,
      worldParams: options.worldParams ?? (world === CAMEL.world ? CAMEL.worldParams : {}),
      mitigations: options.mitigations,
      ...(options.agents ? { agents: options.agents } : {}),
      ...(options.maxTurns ? { maxTurns: options.maxTurns } : {}),
    },
    out: null,
    plugins,
    policyFor,
  });
  return { ...run, requests: seen };
}

/** The world's clean scripted agents: their conversation does not depend on what notes they get. */
export function scripted(world: string = CAMEL.world, params: Record<string, unknown> = CAMEL.worldParams): Promise<AgentSpecInput[]> {
  return scriptedAgents(world, params, 1);
}

/** The default monitors, online, exactly as `defaultPlugins` runs them. */
export function monitors(): RunPlugin {
  return (api) => monitorPlugin(api.config.monitors)(api);
}

/** A stand-in monitor: flags `agent` (null: nobody in particular) as `monitor` when it speaks at `turn`. */
export function fakeFlag(monitor: string, agent: string | null, turn: number): RunPlugin {
  return ({ bus }) => {
    bus.subscribe((e) => {
      if (e.type === 'message' && e.tick === turn && e.from !== 'world') {
        bus.publish({ type: 'flag', monitor, agent, span: { start: e.seq, end: e.seq }, score: 1, severity: 'warning', evidence: [], explanation: `test flag on ${e.from}` });
      }
    });
  };
}

export const interventions = (events: RunEvent[]) => events.filter((e): e is EventOf<'intervention'> => e.type === 'intervention');
