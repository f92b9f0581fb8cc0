import { registerPolicy } from '../createPolicy.ts';
import { createSyntheticPolicy } from './createSyntheticPolicy.ts';

// Importing this module makes `{ kind: 'synthetic' }` agent specs (the default) runnable.
registerPolicy('synthetic', createSyntheticPolicy);

// The synthetic policy: the embedded default "simulated LLM" with documented failure dynamics (README.md).
export { createSyntheticPolicy };
export { syntheticReply, SYNTHETIC_MODEL } from './syntheticReply.ts';

// Parameters.
export { SyntheticParamsSchema, SYNTHETIC_DEFAULTS, BASE_HAZARDS, parseSyntheticParams, type SyntheticParams } from './params.ts';

// Diagnostics: the latent state and hazards the model derives from a context.
export { syntheticFeatures, type SyntheticFeatures, type LoopReading } from './features.ts';
export { syntheticHazards } from './syntheticHazards.ts';
export { hazardsOf, type Hazards } from './hazards.ts';
export type { TopicReading } from './topics.ts';
