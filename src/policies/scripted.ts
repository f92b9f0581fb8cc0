import type { PolicySpec } from '../core/specs.ts';
import { plainReply, replyOutcome, type Policy, type PolicyFactory } from './Policy.ts';

type ScriptedSpec = Extract<PolicySpec, { kind: 'scripted' }>;

/**
 * Fixed replies in call order; the last one repeats when they run out. For tests
 * and for clean reference conversations.
 *
 * @example createScriptedPolicy({ kind: 'scripted', replies: ['Solution: done. Next request.'] })
 */
export const createScriptedPolicy: PolicyFactory<ScriptedSpec> = (spec): Policy => ({
  kind: 'scripted',
  settings: { kind: 'scripted', replies: spec.replies.length },
  decide: (request) => replyOutcome(plainReply(spec.replies[Math.min(request.call, spec.replies.length - 1)]!)),
});
