import type { MitigationSpec } from '../core/config.ts';
import { UserCodeError } from '../core/errors.ts';
import type { RunPlugin } from '../runner/RunPlugin.ts';
import { isBuiltInMitigation, mitigationDefinition } from './registry.ts';
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
    // A module's kind in the config is its path: its mistakes name the file too.
    return mitigationPlugin(def, def.parse(spec.params ?? {}), isBuiltInMitigation(spec.kind) ? null : spec.kind);
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
export function mitigationPlugin<P>(def: MitigationDefinition<P>, params: P, file: string | null = null): RunPlugin {
  const who = `mitigation "${def.kind}"${file ? ` (${file})` : ''}`;
  return ({ bus, config, guard }) => {
    const team = new Map<string, TeamMember>();
    const api: MitigationApi = {
      name: def.kind,
      config,
      team,
      note: (agent, content, trigger) => {
        checkIntervention(who, agent, content, trigger, team);
        bus.publish({ type: 'intervention', mitigation: def.kind, agent, kind: 'note', content, trigger });
      },
      stop: (content, trigger) => {
        checkIntervention(who, null, content, trigger, team);
        bus.publish({ type: 'intervention', mitigation: def.kind, agent: null, kind: 'stop', content, trigger });
      },
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

/**
 * A note or stop as the runner can act on it: text for content and trigger, and an agent of the run (or null, every
 * agent). A note to no agent of the run would be recorded and counted yet reach nobody; a mitigation of your own
 * that makes one has a bug, which ends the run naming it.
 */
function checkIntervention(who: string, agent: unknown, content: unknown, trigger: unknown, team: ReadonlyMap<string, TeamMember>): void {
  const problem =
    agent !== null && (typeof agent !== 'string' || !team.has(agent))
      ? `the agent ${JSON.stringify(agent)} is not one of the run's (${[...team.keys()].join(', ')}; null for every agent)`
      : typeof content !== 'string' || content.trim() === ''
        ? `its content ${JSON.stringify(content)} is not text`
        : typeof trigger !== 'string'
          ? `its trigger ${JSON.stringify(trigger)} is not text`
          : null;
  if (problem) throw new UserCodeError(`${who}: an intervention it made cannot be applied: ${problem}.`);
}
