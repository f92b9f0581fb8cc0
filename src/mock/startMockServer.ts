import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleepMs } from '../determinism/clock.ts';
import { completionBody, writeEventStream } from './completionBody.ts';
import { faultFor, writeApiError, writeFault, type MockFault } from './mockFaults.ts';
import { answerText, describeRequest, type MockRequestBody, type MockResponder } from './mockReply.ts';
import { defaultMockResponder, syntheticResponder } from './defaultMockResponder.ts';

/** How the loopback server behaves. Every field is optional. */
export interface MockServerOptions {
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Delay before every answer, faults included (except `timeout`, which never answers). */
  readonly latencyMs?: number;
  /** Share of chat requests that fail; defaults to 1 when `failWith` is set, else 0. */
  readonly errorRate?: number;
  /** Which failure to inject; null = a mix of 429 and 500. */
  readonly failWith?: MockFault | null;
  /** Fail exactly the first n chat requests, then none (for retry tests). */
  readonly failFirst?: number | null;
  /** Sent with 429s as `retry-after-ms` (and rounded up to seconds in `retry-after`). */
  readonly retryAfterMs?: number;
  /** Seeds error injection and replies. */
  readonly seed?: number;
  /** If set, requests must carry `Authorization: Bearer <apiKey>`; others get a 401 that echoes the key they sent, as OpenAI's does. */
  readonly apiKey?: string | null;
  /** Synthetic-policy parameters of the default responder (e.g. `{ flakeBase: 0 }`). */
  readonly syntheticParams?: Readonly<Record<string, number>>;
  /** Reply text; defaults to the synthetic policy's reply to the same context. */
  readonly respond?: MockResponder;
}

/** Counters, for tests and benches. */
export interface MockServerStats {
  readonly requests: number;
  readonly faults: number;
  /** Requests being answered right now, and the most at once so far. */
  readonly open: number;
  readonly peakOpen: number;
}

export interface MockServer {
  /** Base URL to give a client, ending in `/v1`. */
  readonly url: string;
  readonly port: number;
  stats(): MockServerStats;
  /** Stop listening and drop every connection, hanging `timeout` requests included. */
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that speaks the OpenAI Chat Completions
 * wire format (`POST /v1/chat/completions`, JSON or SSE, and `GET /v1/models`),
 * answering with the synthetic policy's text so a run against it reads like a
 * real conversation. Latency and faults (429 with `retry-after`, 500, a
 * request that never answers, a truncated JSON body) are injected
 * deterministically by request number.
 *
 * @example
 * const server = await startMockServer({ port: 0, latencyMs: 5 });
 * // … policy: { kind: 'openai', model: 'mock', baseUrl: server.url, apiKeyEnv: 'MOCK_KEY' }
 * await server.close();
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const failWith = options.failWith ?? null;
  const plan = {
    failWith,
    errorRate: options.errorRate ?? (failWith !== null ? 1 : 0),
    failFirst: options.failFirst ?? null,
    seed: options.seed ?? 0,
  };
  const latencyMs = options.latencyMs ?? 0;
  const retryAfterMs = options.retryAfterMs ?? 1000;
  const respond = options.respond ?? (options.syntheticParams ? syntheticResponder(options.syntheticParams) : defaultMockResponder);
  let requests = 0;
  let faults = 0;
  let open = 0;
  let peakOpen = 0;

  async function chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const n = requests++;
    const text = await readBody(req);
    if (options.apiKey != null) {
      const sent = /^Bearer (.*)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      if (sent !== options.apiKey) {
        await sleepMs(latencyMs);
        return writeApiError(res, 401, `Incorrect API key provided: ${sent}. You can find your API key at https://platform.openai.com/account/api-keys.`, 'invalid_request_error', 'invalid_api_key');
      }
    }
    let body: MockRequestBody & { stream?: boolean; stream_options?: { include_usage?: boolean } | null };
    try {
      body = JSON.parse(text);
      if (typeof body.model !== 'string' || !Array.isArray(body.messages)) throw new Error('model and messages are required');
    } catch (error) {
      return writeApiError(res, 400, `Invalid request body: ${(error as Error).message}`, 'invalid_request_error', null);
    }
    const fault = faultFor(plan, n);
    if (fault === 'timeout') {
      faults++;
      return writeFault(res, fault, retryAfterMs);
    }
    if (latencyMs > 0) await sleepMs(latencyMs);
    if (fault) {
      faults++;
      return writeFault(res, fault, retryAfterMs);
    }
    const request = describeRequest(body, plan.seed);
    const completion = completionBody(request, answerText(respond, request, options.respond === undefined));
    if (body.stream) return writeEventStream(res, completion, body.stream_options?.include_usage === true);
    const json = JSON.stringify(completion);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  }

  const server = createServer((req, res) => {
    peakOpen = Math.max(peakOpen, ++open);
    res.on('close', () => open--);
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '');
    const route = path.startsWith('/v1/') ? path.slice(3) : path;
    const handle =
      req.method === 'POST' && route === '/chat/completions'
        ? chat(req, res)
        : req.method === 'GET' && route === '/models'
          ? Promise.resolve(writeJson(res, { object: 'list', data: [{ id: 'mock', object: 'model', created: 0, owned_by: 'troupe' }] }))
          : Promise.resolve(writeApiError(res, 404, `Unknown route ${req.method} ${path}`, 'invalid_request_error', 'not_found'));
    handle.catch((error: unknown) => {
      if (!res.headersSent) writeApiError(res, 500, `mock server bug: ${(error as Error).message}`, 'server_error', null);
      else res.destroy();
    });
  });
  // Benchmarks hold many keep-alive connections; do not let idle ones be reaped between turns.
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}/v1`,
    port,
    stats: () => ({ requests, faults, open, peakOpen }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function writeJson(res: ServerResponse, value: unknown): void {
  const json = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
