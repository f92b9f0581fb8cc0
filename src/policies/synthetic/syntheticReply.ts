import type { ChatMessage } from '../../core/chat.ts';
import type { ModelReply } from '../../core/events.ts';
import { createRng, deriveSeed } from '../../determinism/rng.ts';
import { camelInstructor, camelSolver } from './camelProtocol.ts';
import { featuresOf } from './features.ts';
import { foreignReply, genericReply } from './genericProtocol.ts';
import { hazardsOf } from './hazards.ts';
import type { SyntheticParams } from './params.ts';
import type { Draft, Turn } from './protocol.ts';
import { readContext } from './readContext.ts';
import { relayReply } from './relayProtocol.ts';

/** The model name the synthetic policy reports in its replies. */
export const SYNTHETIC_MODEL = 'troupe-synthetic-1';

/**
 * The synthetic model: a pure function of the context it is shown, its
 * parameters, the run seed and the call's key. A fresh generator per call
 * (`deriveSeed(seed, "<agent>:<call>")`) and no state between calls, so a
 * recorded prefix followed by live calls (replay, fork, resume) continues
 * exactly as an uninterrupted run would.
 *
 * @example
 * const reply = syntheticReply(messages, SYNTHETIC_DEFAULTS, 7, 'assistant', 3);
 * reply.truth // [] for a clean reply, else one label, e.g. { kind: 'flake', detail: 'promise without delivery' }
 */
export function syntheticReply(messages: readonly ChatMessage[], params: SyntheticParams, seed: number, agent: string, call: number): ModelReply {
  const rng = createRng(deriveSeed(seed, `${agent}:${call}`));
  const view = readContext(messages);
  const info = view.info;
  let draft: Draft;
  if (!info) {
    draft = foreignReply(messages, rng);
  } else {
    const features = featuresOf(view, params);
    const turn: Turn = { view, features, hazards: hazardsOf(features, params), params, rng };
    if (info.world === 'camel') draft = info.parsed.acts.includes('instruct') ? camelInstructor(turn, info) : camelSolver(turn, info);
    else if (info.world === 'relay') draft = relayReply(turn, info);
    else draft = genericReply(turn, info);
  }
  return {
    content: draft.content,
    truth: [...draft.truth],
    model: SYNTHETIC_MODEL,
    fingerprint: null,
    usage: { promptTokens: approxTokens(messages), completionTokens: Math.ceil(draft.content.length / 4) },
  };
}

/** A rough token count (4 characters a token), so usage-based budgets have something to count. */
function approxTokens(messages: readonly ChatMessage[]): number {
  let chars = 0;
  for (const m of messages) chars += m.content.length;
  return Math.ceil(chars / 4);
}
