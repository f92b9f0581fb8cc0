import type { AgentView, Conversation, MessageView } from './Conversation.ts';
import { defineMonitor, evidenceOf, finding, severityOf, SHARE } from './defineMonitor.ts';
import type { CanonicalAct } from './roleActs.ts';
import { actEvidence, type ActEvidence } from './text/actEvidence.ts';

/**
 * Role flip: an agent performs an act its role card does not own but another
 * agent's card does — the assistant instructs, the instructor solves, the
 * Planner writes the Coder's code. Evidence per act, strongest first: an
 * explicit `ACTION: <act>` line, the other role's format marker
 * (`Instruction:`), a section written in another agent's name ("## Tester —
 * verification report"), then softer cues (directives aimed at the other
 * agent, delivered work in a role that only asks for it).
 */
export const roleFlip = defineMonitor({
  name: 'role-flip',
  kind: 'role-flip',
  summary: "an agent acts as another role (judged against the role cards' acts)",
  params: {
    minScore: { value: 0.6, doc: 'flag when the strongest out-of-role evidence scores at least this (0–1)', range: SHARE },
  },
  create: (p) => ({
    onMessage: (m: MessageView, c: Conversation) => {
      const self = m.agent;
      if (!self || self.acts.size === 0) return null;
      const best = strongestForeignAct(m, self, c);
      if (!best || best.score < p.minScore) return null;
      const owner = c.others(self.id).find((o) => o.acts.has(best.act));
      return finding(
        m,
        best.score,
        severityOf(best.score),
        `${self.id} (${self.role.name}) does ${owner?.id ?? 'another role'}'s act '${best.act}': ${best.why}`,
        { evidence: [evidenceOf(m, best.at)] },
      );
    },
  }),
});

/** The strongest evidence of an act that `self` does not own and some other agent does. */
function strongestForeignAct(m: MessageView, self: AgentView, c: Conversation): (ActEvidence & { act: CanonicalAct }) | null {
  const others = c.others(self.id);
  let best: (ActEvidence & { act: CanonicalAct }) | null = null;
  for (const [act, ev] of actEvidence(m, self, others)) {
    if (self.acts.has(act) || !others.some((o) => o.acts.has(act))) continue;
    if (!best || ev.score > best.score) best = { ...ev, act };
  }
  return best;
}
