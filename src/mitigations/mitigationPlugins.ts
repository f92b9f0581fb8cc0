import type { MitigationSpec } from '../core/config.ts';
import type { RunPlugin } from '../runner/RunPlugin.ts';
import { mitigationDefinition } from './registry.ts';
import type { MitigationApi, MitigationDefinition, TeamMember } from './types.ts';

/**
 * Validate mitigation specs (a UserError names the mitigation and parameter)
 * and turn them into run plugins, in order.
 *
 * @example runWorld({ config, plugins: [...monitors, ...mitigationPlugins([{ kind: 'goal-reinject', params: { k: 4 } }])] })
 */
export function mitigationPlugins(specs: readonly MitigationSpec[]): RunPlugin[] {
  return specs.map((spec) => {
    const def = mitigationDefinition(spec.kind);
    return mitigationPlugin(def, def.parse(spec.params ?? {}));
  });
}

/**
 * One mitigation as a run plugin. It sees every bus event except `truth` —
 * the ground truth is never shown to a mitigation — learns the team from
 * `agent.spawn`, and acts only by publishing `intervention` events and
 * installing act guards. Use it directly for a mitigation of your own.
 *
 * @example mitigationPlugin(myMitigation, myMitigation.parse({ k: 2 }))
 */
export function mitigationPlugin<P>(def: MitigationDefinition<P>, params: P): RunPlugin {
  return ({ bus, config, guard }) => {
    const team = new Map<string, TeamMember>();
    const api: MitigationApi = {
      name: def.kind,
      config,
      team,
      note: (agent, content, trigger) => void bus.publish({ type: 'intervention', mitigation: def.kind, agent, kind: 'note', content, trigger }),
      stop: (content, trigger) => void bus.publish({ type: 'intervention', mitigation: def.kind, agent: null, kind: 'stop', content, trigger }),
      guard,
    };
    const handler = def.create(params, api);
    bus.subscribe((event) => {
      if (event.type === 'truth') return;
      if (event.type === 'agent.spawn') team.set(event.agent, { id: event.agent, role: event.role, goal: event.goal });
      handler?.(event);
    });
  };
}
