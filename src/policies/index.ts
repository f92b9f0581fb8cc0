// Importing the synthetic module registers it (the default kind). The openai module, with the SDK behind it, is
// loaded only by runs that use it (`loadPolicyKinds`), so synthetic runs do not carry its memory.
import './synthetic/index.ts';

export { createPolicy, registerPolicy } from './createPolicy.ts';
export { invalidOutputReason, plainReply, replyOutcome, type Policy, type PolicyAttempt, type PolicyContext, type PolicyFactory, type PolicyOutcome, type PolicyRequest, type PolicySettings } from './Policy.ts';
export { createScriptedPolicy } from './scripted.ts';
export { loadPolicyKinds } from './loadPolicyKinds.ts';
export { createSyntheticPolicy, syntheticReply, SyntheticParamsSchema, SYNTHETIC_DEFAULTS, type SyntheticParams } from './synthetic/index.ts';
