import type { EventOf } from '../core/events.ts';
import { isSelfRepeat, offTaskClause, REPEAT_SIMILARITY, type Conversation, type MessageView } from './Conversation.ts';
import { defineMonitor, evidenceOf, finding, severityOf, type Finding, COUNT, SHARE, WHOLE } from './defineMonitor.ts';
import { Latch } from './Latch.ts';
import { substance } from './text/substance.ts';

/**
 * Infinite loop: the conversation cycles instead of moving on. A message is
 * loop-like when it is a near-verbatim repeat (token-pair shingles, Jaccard)
 * of one of its speaker's last two messages — in a ping-pong every agent
 * repeats itself; an instruction must be copied outright, since one asked
 * again in other words is a re-instruction — or a bare pleasantry ("thank you" / "you're welcome" /
 * "goodbye" with nothing else: CAMEL's loop). Each agent is flagged at its
 * first loop-like message, again every `refresh` loop-like messages while it
 * persists, and anew after `rearm` messages that are not loop-like. The
 * world's state returning to an earlier state with no goal progress for
 * `stallTurns` turns is reported as an `info` flag (a hint, not scored).
 */
export const infiniteLoop = defineMonitor({
  name: 'infinite-loop',
  kind: 'loop',
  summary: 'near-verbatim repeats, pleasantry ping-pong, world states cycling without progress',
  params: {
    repeat: { value: REPEAT_SIMILARITY, doc: "Jaccard similarity (token pairs) with one of the speaker's last two messages that makes a repeat", range: SHARE },
    pleasantryWords: { value: 3, doc: 'a pleasantry with at most this many substantive words is bare', range: WHOLE },
    rearm: { value: 3, doc: 'messages of an agent that are not loop-like after which it can be flagged anew', range: COUNT },
    refresh: { value: 4, doc: 'while an agent keeps looping, flag it again after this many more loop-like messages', range: COUNT },
    stallTurns: { value: 8, doc: 'turns without goal progress after which a revisited world state is reported (info); 0 = off', range: WHOLE },
  },
  create: (p) => {
    const latch = new Latch(p.rearm, p.refresh);
    const digests: { digest: string; seq: number; tick: number }[] = [];
    return {
      onMessage: (m: MessageView): Finding | null => {
        const hit = loopLike(m, p);
        // Off-task talk is the drift monitor's: it interrupts the loop episode, and a loop after it is flagged anew.
        if (!hit && offTaskClause(m) !== null) latch.reset(m.from);
        if (!latch.observe(m.from, hit !== null)) return null;
        const { score, why, match } = hit!;
        return finding(m, score, severityOf(score), `loop: ${m.from} ${why}`, {
          evidence: match ? [evidenceOf(match), evidenceOf(m)] : [evidenceOf(m)],
          spanStart: match?.seq ?? m.seq,
        });
      },
      onEnv: (e: EventOf<'env.update'>, c: Conversation): Finding | null => {
        if (p.stallTurns <= 0) return null;
        const earlier = digests.find((d) => d.digest === e.digest);
        const previous = digests.at(-1);
        digests.push({ digest: e.digest, seq: e.seq, tick: e.tick });
        if (digests.length > c.window) digests.shift();
        const stalled = e.tick - c.progressRoseAt;
        if (!latch.observe('\u0000world', !!earlier && previous?.digest !== e.digest && stalled >= p.stallTurns)) return null;
        return {
          agent: null,
          span: { start: earlier!.seq, end: e.seq },
          score: 0.4,
          severity: 'info',
          evidence: [{ seq: e.seq, excerpt: `world state ${e.digest.slice(0, 12)} again (first at turn ${earlier!.tick})` }],
          explanation: `loop: the world returned to an earlier state with no goal progress for ${stalled} turns`,
        };
      },
    };
  },
});

interface LoopParams {
  readonly repeat: number;
  readonly pleasantryWords: number;
}

/** Why a message is loop-like, or null. */
function loopLike(m: MessageView, p: LoopParams): { score: number; why: string; match: MessageView | null } | null {
  if (m.cues.empty) return null;
  const rep = m.selfRepeat;
  // Off-task talk that happens to come out the same again is still drift; a third copy in a row is a loop.
  const offTask = offTaskClause(m) !== null;
  if (rep !== null && isSelfRepeat(m, p.repeat) && (!offTask || (rep.exact && rep.of.selfRepeat?.exact === true))) {
    return { score: 0.6 + 0.4 * rep.sim, why: `repeats its own message (similarity ${rep.sim.toFixed(2)})`, match: rep.of };
  }
  if ((m.cues.pleasantry > 0 || m.cues.languageModel) && !m.cues.instructionMarker && substance(m) <= p.pleasantryWords) {
    return { score: 0.7, why: 'answers with a bare pleasantry (thank you / welcome / goodbye)', match: null };
  }
  return null;
}
