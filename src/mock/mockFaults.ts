import type { ServerResponse } from 'node:http';
import { createRng, deriveSeed } from '../determinism/rng.ts';

/** Failures the loopback server can inject, as `--fail-with` names them. */
export const MOCK_FAULTS = ['429', '500', 'timeout', 'malformed'] as const;
export type MockFault = (typeof MOCK_FAULTS)[number];

/** When and how the server fails. */
export interface FaultPlan {
  /** Which failure; null = a mix of 429 and 500. */
  readonly failWith: MockFault | null;
  /** Share of requests that fail, drawn per request from a stream seeded by the request's number. */
  readonly errorRate: number;
  /** If set, exactly the first n requests fail and no others (overrides `errorRate`). */
  readonly failFirst: number | null;
  readonly seed: number;
}

/**
 * The fault for the `n`-th chat request (0-based, in arrival order), or null.
 * Deterministic in `n`: the same server options fail the same request numbers
 * on every run, from the seeded RNG only.
 */
export function faultFor(plan: FaultPlan, n: number): MockFault | null {
  if (plan.failFirst !== null) return n < plan.failFirst ? (plan.failWith ?? '429') : null;
  if (plan.errorRate <= 0) return null;
  const rng = createRng(deriveSeed(plan.seed, `fault:${n}`));
  if (!rng.chance(plan.errorRate)) return null;
  return plan.failWith ?? rng.pick(['429', '500'] as const);
}

/** Write an OpenAI-shaped error body. */
export function writeApiError(res: ServerResponse, status: number, message: string, type: string, code: string | null, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ error: { message, type, param: null, code } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

/**
 * Answer with fault `fault`. `timeout` never answers: the socket stays open
 * until the client gives up or the server closes.
 */
export function writeFault(res: ServerResponse, fault: MockFault, retryAfterMs: number): void {
  switch (fault) {
    case '429':
      writeApiError(res, 429, `Rate limit reached for requests (mock). Please try again in ${retryAfterMs}ms.`, 'requests', 'rate_limit_exceeded', {
        'retry-after-ms': String(retryAfterMs),
        'retry-after': String(Math.ceil(retryAfterMs / 1000)),
      });
      return;
    case '500':
      writeApiError(res, 500, 'The server had an error while processing your request (mock).', 'server_error', null);
      return;
    case 'malformed': {
      // A body cut off mid-string, as from a proxy that dropped the connection.
      const body = '{"id":"chatcmpl-mock","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Solu';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    case 'timeout':
      return;
  }
}
