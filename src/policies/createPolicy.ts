import type { PolicySpec } from '../core/specs.ts';
import { UserError } from '../core/errors.ts';
import type { Policy, PolicyContext, PolicyFactory } from './Policy.ts';
import { createScriptedPolicy } from './scripted.ts';

/**
 * Policy factories by kind. `synthetic` and `openai` register themselves from
 * their modules (see `registerPolicy`) so this file has no dependency on them.
 */
const factories = new Map<string, PolicyFactory<any>>([['scripted', createScriptedPolicy]]);

/** Make a policy kind available to runs. */
export function registerPolicy<K extends PolicySpec['kind']>(kind: K, factory: PolicyFactory<Extract<PolicySpec, { kind: K }>>): void {
  factories.set(kind, factory);
}

/** Instantiate the policy an agent spec asks for. */
export function createPolicy(spec: PolicySpec, ctx: PolicyContext): Policy {
  const factory = factories.get(spec.kind);
  if (!factory) throw new UserError(`Agent "${ctx.agent.id}": policy kind "${spec.kind}" is not available (known: ${[...factories.keys()].join(', ')}).`);
  return factory(spec, ctx);
}
