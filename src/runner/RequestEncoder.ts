import { canonicalOfImmutable, sha256Hex } from '../core/canonical.ts';
import type { ChatMessage } from '../core/chat.ts';

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
      requestHash: this.hash(messages),
      system: prev[0]?.content === system.content ? null : system.content,
      drop,
      add: window.slice(kept),
    };
  }

  /** sha256 of the canonical JSON of the messages. */
  private hash(messages: readonly ChatMessage[]): string {
    // Context entries are immutable and shared between calls: each is serialised once, also for the recorder.
    let text = '[';
    for (let i = 0; i < messages.length; i++) text += (i ? ',' : '') + canonicalOfImmutable(messages[i]!);
    return sha256Hex(`${text}]`);
  }
}
