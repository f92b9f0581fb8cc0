import type { ChatMessage } from '../../core/chat.ts';
import { syntheticFeatures, type SyntheticFeatures } from './features.ts';
import { hazardsOf, type Hazards } from './hazards.ts';
import { SYNTHETIC_DEFAULTS, type SyntheticParams } from './params.ts';

/**
 * The features and hazards the synthetic model would act on for a context,
 * for tests and diagnostics (e.g. "does a role reminder lower the flip hazard?").
 *
 * @example syntheticHazards(messagesWithReminder).hazards.flip < syntheticHazards(messages).hazards.flip
 */
export function syntheticHazards(
  messages: readonly ChatMessage[],
  params: SyntheticParams = SYNTHETIC_DEFAULTS,
): { features: SyntheticFeatures; hazards: Hazards } {
  const features = syntheticFeatures(messages, params);
  return { features, hazards: hazardsOf(features, params) };
}
