import { canonicalOfImmutable, sha256Hex } from '../core/canonical.ts';
import type { ChatMessage } from '../core/chat.ts';
import { RUN_FORMAT_VERSION } from '../record/runFile.ts';

/** The recorded form of one request (see the `model.request` event). */
export interface EncodedRequest {
  readonly requestHash: string;
  readonly system: string | null;
  readonly drop: number;
  readonly add: ChatMessage[];
}

/**
 * Delta-encodes each agent's requests against its previous one. A context is
 * the system prompt plus a sliding window of conversation entries, so
 * recording it whole every call would write (and hash) the window over and
 * over: O(window) per call instead of O(new entries).
 */
export class RequestEncoder {
  private readonly previous = new Map<string, readonly ChatMessage[]>();

  /** `format`: the run-file format whose request-hash rule to follow (an older recording's, when re-running it). */
  constructor(private readonly format = RUN_FORMAT_VERSION) {}

  encode(agent: string, messages: readonly ChatMessage[]): EncodedRequest {
    const prev = this.previous.get(agent) ?? [];
    this.previous.set(agent, messages);
    const system = messages[0]!;
    const window = messages.slice(1);
    const before = prev.slice(1);
    // Entries are shared by reference between windows: find where the new window starts in the old one.
    let drop = before.length;
    const first = window[0];
    if (first) {
      const at = before.indexOf(first);
      if (at >= 0 && before.slice(at).every((m, i) => window[i] === m)) drop = at;
    }
    const kept = before.length - drop;
    return {
      requestHash: requestHashOf(messages, this.format),
      system: prev[0]?.content === system.content ? null : system.content,
      drop,
      add: window.slice(kept),
    };
  }
}

/**
 * The request hash of format `format`. Format 2: SHA-256 of the concatenated
 * hex SHA-256s of each message's canonical JSON — context entries are
 * immutable and shared between calls, so each is hashed once and a call
 * hashes 64 bytes per entry instead of the whole window. Format 1: SHA-256 of
 * the canonical JSON of the message array.
 */
export function requestHashOf(messages: readonly ChatMessage[], format = RUN_FORMAT_VERSION): string {
  let text = '';
  if (format >= 2) {
    for (let i = 0; i < messages.length; i++) text += entryHash(messages[i]!);
    return sha256Hex(text);
  }
  for (let i = 0; i < messages.length; i++) text += (i ? ',' : '') + canonicalOfImmutable(messages[i]!);
  return sha256Hex(`[${text}]`);
}

const entryHashes = new WeakMap<ChatMessage, string>();

/** SHA-256 of an (immutable) context entry's canonical JSON, computed once per entry. */
function entryHash(message: ChatMessage): string {
  let h = entryHashes.get(message);
  if (h === undefined) {
    h = sha256Hex(canonicalOfImmutable(message));
    entryHashes.set(message, h);
  }
  return h;
}
