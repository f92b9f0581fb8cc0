import { isSelfRepeat, OFF_TASK_RELEVANCE, OFF_TASK_SHARE, offTaskClause, type Conversation, type MessageView } from './Conversation.ts';
import { defineMonitor, evidenceOf, finding, severityOf, COUNT, SHARE } from './defineMonitor.ts';
import { Latch } from './Latch.ts';

/**
 * Drift: an agent's talk moves away from the goal. Every prose clause with
 * enough informative words gets a relevance: the share of its
 * words that belong to the task vocabulary (goal statements, success
 * criteria, world notes, and words of clearly on-task clauses). A message
 * whose least relevant clause falls below `threshold` is off-task, whether it
 * is all off-task or an on-task message with an aside. Each agent is
 * flagged when it goes off-task, again every `refresh` off-task messages while
 * it stays there, and anew after `rearm` messages that are not off-task.
 */
export const drift = defineMonitor({
  name: 'drift',
  kind: 'drift',
  summary: "an agent's messages move off the goal's topic (relevance of each clause to the task vocabulary)",
  params: {
    threshold: { value: OFF_TASK_RELEVANCE, doc: 'relevance (0–1) of a clause to the task vocabulary below which it is off-task', range: SHARE },
    minShare: { value: OFF_TASK_SHARE, doc: "share of a message's judged words that off-task clauses must hold", range: SHARE },
    rearm: { value: 2, doc: 'messages not off-task after which the same agent can be flagged anew', range: COUNT },
    refresh: { value: 4, doc: 'while an agent stays off-task, flag it again after this many more off-task messages', range: COUNT },
  },
  create: (p) => {
    const latch = new Latch(p.rearm, p.refresh);
    return {
      onMessage: (m: MessageView, c: Conversation) => {
        // A verbatim repeat is the loop monitor's: it interrupts the drift episode, and fresh off-task talk after it is flagged anew.
        if (isSelfRepeat(m, c.repeatThreshold)) {
          latch.reset(m.from);
          return null;
        }
        const off = m.cues.doneToken ? null : offTaskClause(m, p.threshold, p.minShare);
        if (!latch.observe(m.from, off !== null)) return null;
        const score = Math.min(1, 0.5 + (p.threshold - off!.relevance) / (2 * p.threshold));
        return finding(m, score, severityOf(score), `${m.from} drifts off-task: a clause with relevance ${off!.relevance.toFixed(2)} to the goal (< ${p.threshold})`, {
          evidence: [evidenceOf(m, off!.at)],
        });
      },
    };
  },
});
