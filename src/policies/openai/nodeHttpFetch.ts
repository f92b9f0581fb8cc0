import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/** The `fetch` shape the openai SDK accepts as its transport. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

// One keep-alive pool per scheme for the whole process; the shared limiter bounds how many sockets are busy.
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };

/** Statuses whose responses carry no body (a `Response` refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A minimal `fetch` on node:http(s) with keep-alive, for the SDK's `fetch`
 * option. Why: undici's `fetch` and `Response` cost about twice the CPU per
 * request, which at hundreds of calls per second is most of the client's
 * share of a turn. It buffers the whole body before resolving, so the SDK's
 * timeout covers the body too (a server that sends headers and then stalls
 * still times out), and resolves with a buffered `Response` stand-in. No
 * redirects, no proxies; anything it does not handle (a streamed request
 * body, a `Request` object) goes to the global `fetch`.
 */
export const nodeHttpFetch: FetchLike = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const body = init.body;
  const agent = agents[url.protocol as keyof typeof agents];
  if (!agent || input instanceof Request || (body != null && typeof body !== 'string' && !(body instanceof Uint8Array))) {
    return fetch(input, init);
  }
  const signal = init.signal ?? null;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: init.method ?? 'GET', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        try {
          resolve(toResponse(res, Buffer.concat(chunks)));
        } catch (error) {
          reject(error);
        }
      });
    });
    function fail(error: unknown): void {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    }
    function onAbort(): void {
      req.destroy();
      fail(abortError());
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', fail);
    req.end(body ?? undefined);
  });
};

function toResponse(res: IncomingMessage, raw: Buffer): Response {
  const headers = new LiteHeaders();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const status = res.statusCode ?? 500;
  let body: Buffer | null = NULL_BODY.has(status) ? null : raw;
  // We never ask for compression, but a server may compress anyway; `fetch` would decode it.
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  if (body && encoding && encoding !== 'identity') {
    body = encoding === 'gzip' ? gunzipSync(body) : encoding === 'deflate' ? inflateSync(body) : encoding === 'br' ? brotliDecompressSync(body) : body;
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  // The SDK reads status, ok, url, headers.get/entries, text(), json() and, for SSE, body: a buffered
  // stand-in for `Response` serves those at a fraction of undici's cost per request.
  return new BufferedResponse(status, res.statusMessage ?? '', headers, body) as unknown as Response;
}

/** Case-insensitive headers with the part of the `Headers` API the SDK uses. */
class LiteHeaders {
  private readonly map = new Map<string, string>();
  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const prev = this.map.get(key);
    this.map.set(key, prev === undefined ? value : `${prev}, ${value}`);
  }
  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }
  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }
  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }
  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }
  keys(): IterableIterator<string> {
    return this.map.keys();
  }
  values(): IterableIterator<string> {
    return this.map.values();
  }
  forEach(callback: (value: string, name: string) => void): void {
    this.map.forEach(callback);
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}

/** A fully received response. */
class BufferedResponse {
  readonly ok: boolean;
  readonly url = '';
  readonly redirected = false;
  readonly type = 'basic';
  private stream: ReadableStream<Uint8Array> | null | undefined;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: LiteHeaders,
    private readonly bytes: Buffer | null,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  /** Built on first use (only SSE reads it) and kept, since the SDK may read it twice. */
  get body(): ReadableStream<Uint8Array> | null {
    if (this.stream === undefined) {
      const bytes = this.bytes;
      this.stream = bytes
        ? new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
              controller.close();
            },
          })
        : null;
    }
    return this.stream;
  }

  async text(): Promise<string> {
    return this.bytes ? this.bytes.toString('utf8') : '';
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.bytes ?? Buffer.alloc(0);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}

/** What `fetch` rejects with on abort; the SDK recognises it by name. */
function abortError(): Error {
  return new DOMException('The operation was aborted.', 'AbortError');
}
