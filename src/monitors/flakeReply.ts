import type { Evidence } from '../core/events.ts';
import { isSelfRepeat, offTaskClause, type Conversation, type MessageView } from './Conversation.ts';
import { defineMonitor, evidenceOf, finding, severityOf, SHARE, WHOLE } from './defineMonitor.ts';
import { containment } from './text/shingles.ts';
import { substance } from './text/substance.ts';
import { contentTokens, words } from './text/tokenize.ts';

/** Declared acts that mean "I do nothing this turn". */
const IDLE_ACTS = new Set(['wait', 'none', 'noop', 'idle', 'pass']);

/**
 * Flake reply: a turn with no substance. The shapes, strongest first: empty
 * or format-only replies; an instruction that was already answered, given
 * again; acknowledgement-only replies ("Understood."); promises without
 * delivery ("I will prepare the schedule next."); the other agent's
 * instruction repeated back; a "Solution:" that does not address the
 * instruction it answers; and talk about the work with an idle action
 * (`ACTION: wait`) and no reason to wait — the knowing–doing gap. Bare
 * pleasantries, verbatim self-repeats and off-task talk are left to the
 * loop and drift monitors.
 */
export const flakeReply = defineMonitor({
  name: 'flake-reply',
  kind: 'flake',
  summary: 'a reply without substance: empty, acknowledgement-only, an undelivered promise, an echo, a non-answer, an idle action',
  params: {
    minScore: { value: 0.6, doc: 'flag a reply whose flake score reaches this (0–1)', range: SHARE },
    maxSubstance: { value: 3, doc: 'a reply with at most this many substantive words counts as format- or acknowledgement-only', range: WHOLE },
    promiseSubstance: { value: 10, doc: 'a promise without delivered work and with at most this many substantive words is a flake', range: WHOLE },
    echoContainment: { value: 0.7, doc: "share of a reply's word pairs copied from the other agent's last instruction that makes it an echo", range: SHARE },
    echoNewWords: { value: 4, doc: 'an echo adds at most this many substantive words of its own', range: WHOLE },
    answered: { value: 0.4, doc: "share of an instruction's topic words a solution must cover to answer it", range: SHARE },
    sameInstruction: { value: 0.8, doc: 'overlap (shared topic words over the smaller set) at which two instructions ask for the same thing', range: SHARE },
  },
  create: (p) => {
    /** Recent instructions and whether the first reply from someone else answered them (null: no reply yet). */
    const instructions: Instruction[] = [];
    return {
      onMessage: (m: MessageView, c: Conversation) => {
        const asked = instructions.findLast((i) => i.answered === null && i.m.from !== m.from) ?? null;
        if (asked) asked.answered = answers(m, asked.m, p.answered);
        const s = isSelfRepeat(m, c.repeatThreshold) ? null : score(m, c, p, instructions, asked);
        if (m.cues.instructionMarker) {
          instructions.push({ m, asks: askedTokens(m), answered: null });
          if (instructions.length > c.window) instructions.shift();
        }
        return s && s.score >= p.minScore ? finding(m, s.score, severityOf(s.score), `${m.from}: ${s.why}`, { evidence: s.evidence }) : null;
      },
    };
  },
});

interface Instruction {
  readonly m: MessageView;
  /** What it asks, as topic tokens (see `askedTokens`). */
  readonly asks: readonly string[];
  answered: boolean | null;
}

interface FlakeParams {
  readonly maxSubstance: number;
  readonly promiseSubstance: number;
  readonly echoContainment: number;
  readonly echoNewWords: number;
  readonly answered: number;
  readonly sameInstruction: number;
}

type Score = { score: number; why: string; evidence: Evidence[] } | null;

function score(m: MessageView, c: Conversation, p: FlakeParams, instructions: readonly Instruction[], asked: Instruction | null): Score {
  const { cues } = m;
  const one = (score: number, why: string, at = 0): Score => ({ score, why, evidence: [evidenceOf(m, at)] });
  if (cues.empty) return one(1, 'empty reply');
  if (cues.doneToken) return null;
  const words = substance(m);
  // Pleasantries without content are the loop monitor's business, off-task talk the drift monitor's.
  if (cues.pleasantry > 0 && words <= p.maxSubstance) return null;
  if (words === 0) return one(0.9, 'format-only reply (no content besides markers)');
  if (offTaskClause(m) !== null) return null;
  if (cues.instructionMarker) {
    const asks = askedTokens(m);
    const again = instructions.findLast((i) => i.m.from === m.from && i.answered === true && overlap(asks, i.asks) >= p.sameInstruction);
    return again ? { score: 0.75, why: 'gives again an instruction that was already answered', evidence: [evidenceOf(m), evidenceOf(again.m)] } : null;
  }
  if (cues.ack > 0 && words <= p.maxSubstance && !cues.code) return one(0.8, 'acknowledgement only, nothing delivered');
  if (cues.promise > 0 && cues.delivery === 0 && words <= p.promiseSubstance) {
    return one(0.75, 'promises work ("I will …") without delivering any', m.content.search(/\b(?:i will|i'll|let me|i am going|i'm going|starting)/i));
  }
  const prev = c.previousFromOther(m);
  if (prev && prev.cues.instructionMarker && prev.shingles.length > 0 && containment(m.shingles, prev.shingles) >= p.echoContainment) {
    const own = new Set(prev.tokens);
    const added = new Set(m.tokens.filter((t) => !own.has(t))).size;
    if (added <= p.echoNewWords) {
      return { score: 0.8, why: `repeats ${prev.from}'s instruction back (${added} new words)`, evidence: [evidenceOf(m), evidenceOf(prev)] };
    }
  }
  const onTaskAsk = asked !== null && offTaskClause(asked.m) === null;
  // Declining a request as outside the task answers it (CAMEL's assistant may refuse what its role should not do).
  if (onTaskAsk && cues.solutionMarker && asked.answered === false && cues.directive === 0 && !cues.code && !cues.decline) {
    return { score: 0.7, why: `answers ${asked.m.from}'s instruction without addressing it`, evidence: [evidenceOf(m), evidenceOf(asked.m)] };
  }
  if (cues.declaredAct !== null && IDLE_ACTS.has(cues.declaredAct) && !cues.waitReason) {
    return one(0.65, `talks about the work but declares "ACTION: ${cues.declaredAct}" with no reason to wait`, m.content.search(/action\s*:/i));
  }
  return null;
}

/** Did reply `r` answer instruction `i`: a solution covering enough of the instruction's topic words? */
function answers(r: MessageView, i: MessageView, share: number): boolean {
  if (!r.cues.solutionMarker && r.cues.delivery === 0) return false;
  if (r.cues.promise > 0 && r.cues.delivery === 0) return false;
  const said = new Set(r.tokens);
  const ask = new Set(i.tokens);
  let hit = 0;
  for (const t of ask) if (said.has(t)) hit++;
  return ask.size > 0 && hit / ask.size >= share;
}

/**
 * The topic tokens of what an instruction asks: the text before its `Input:` line. CAMEL's inputs often repeat one
 * context sentence under every instruction, which would make different steps look alike.
 */
function askedTokens(m: MessageView): readonly string[] {
  const input = m.content.search(INPUT_LINE);
  return input < 0 ? m.tokens : contentTokens(words(m.content.slice(0, input)));
}

const INPUT_LINE = /(?:^|\n)[ \t>*_#-]*input\s*[:：]/i;

/** Shared distinct tokens over the smaller set (overlap coefficient); 0 when either has fewer than 3. */
function overlap(a: readonly string[], b: readonly string[]): number {
  const x = new Set(a);
  const y = new Set(b);
  if (x.size < 3 || y.size < 3) return 0;
  let n = 0;
  for (const t of x) if (y.has(t)) n++;
  return n / Math.min(x.size, y.size);
}
