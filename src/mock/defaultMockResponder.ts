import { parseSyntheticParams, syntheticReply } from '../policies/synthetic/index.ts';
import type { MockResponder } from './mockReply.ts';

/**
 * The synthetic policy behind an HTTP face: the reply it would give the same
 * context, so a run against the loopback server reads like a real
 * conversation, failures included. The seed comes from the request's hash
 * (see `describeRequest`), so equal requests get equal replies.
 *
 * @example syntheticResponder({ flakeBase: 0 }) // a server whose agents never flake
 */
export function syntheticResponder(params: Readonly<Record<string, number>> = {}): MockResponder {
  const resolved = parseSyntheticParams(params, 'mock server synthetic params');
  return (request) => syntheticReply(request.messages, resolved, request.seed, request.agent, request.call).content;
}

/** What the loopback server says when no responder is given: the synthetic policy with its defaults. */
export const defaultMockResponder: MockResponder = syntheticResponder();
