// Importing the policy modules registers their kinds with createPolicy.
import './synthetic/index.ts';
import './openai/index.ts';

export { createPolicy, registerPolicy } from './createPolicy.ts';
export { invalidOutputReason, plainReply, replyOutcome, type Policy, type PolicyAttempt, type PolicyContext, type PolicyFactory, type PolicyOutcome, type PolicyRequest, type PolicySettings } from './Policy.ts';
export { createScriptedPolicy } from './scripted.ts';
export { createOpenAIPolicy, sharedOpenAILimits, type OpenAISpec } from './openai/index.ts';
export { createSyntheticPolicy, syntheticReply, SyntheticParamsSchema, SYNTHETIC_DEFAULTS, type SyntheticParams } from './synthetic/index.ts';
