import type { AgentView, MessageView } from '../Conversation.ts';
import { canonicalAct, type CanonicalAct } from '../roleActs.ts';

/** How strongly a message performs one act, why, and where (an index into the content). */
export interface ActEvidence {
  readonly score: number;
  readonly why: string;
  readonly at: number;
}

/** Imperative openings: a section headed with another agent's name that starts like this addresses it. */
const IMPERATIVE =
  /^\s*(?:please|kindly|implement|write|verify|add|create|fix|test|check|make|build|review|use|run|provide|update|extend|confirm|design|handle|return|ensure|refactor|don't|do not|do|focus|state|explain|trace|re-?run|go|start|keep|apply|read|modify|change|follow|consider|here is what|your|you)\b/i;
/** A header naming an agent in order to address it ("To Coder", "Planner → Coder", "Task for Coder"). */
const ADDRESSING = /\b(?:please|to|for|once|delegat\w*|instruction\w*|routing|route|ask\w*|assign\w*|handoff|hand-off|message)\b|→|->/i;
const FENCE = /```[^\n]*\n([\s\S]*?)```/g;
const DEFINITION = /^[ \t]*(?:async[ \t]+)?(?:def|class|function|fn|func)[ \t]+([A-Za-z_]\w*)/gm;

/** Lines of fenced code and the definitions in them that are not tests. */
function implementationSize(content: string): { lines: number; definitions: number } {
  let lines = 0;
  let definitions = 0;
  FENCE.lastIndex = 0;
  for (let block = FENCE.exec(content); block; block = FENCE.exec(content)) {
    const code = block[1]!;
    for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lines++;
    DEFINITION.lastIndex = 0;
    for (let d = DEFINITION.exec(code); d; d = DEFINITION.exec(code)) if (!/^_*test/i.test(d[1]!)) definitions++;
  }
  return { lines, definitions };
}

/**
 * Evidence, per canonical act, that message `m` performs it. Only acts with
 * some evidence appear. `others` are the other agents, whose names a section
 * header may claim.
 */
export function actEvidence(m: MessageView, self: AgentView, others: readonly AgentView[]): Map<CanonicalAct, ActEvidence> {
  const out = new Map<CanonicalAct, ActEvidence>();
  const put = (act: CanonicalAct | null, score: number, why: string, at: number): void => {
    if (!act) return;
    const prev = out.get(act);
    if (!prev || score > prev.score) out.set(act, { score, why, at });
  };
  const { cues, content } = m;
  if (cues.empty) return out;

  const declared = cues.declaredAct ? canonicalAct(cues.declaredAct) : null;
  if (declared) put(declared, 1, `declares "ACTION: ${cues.declaredAct}"`, content.search(/action\s*:/i));
  // A declared act of one's own makes soft cues of other acts mere description of the work of others.
  const soft = declared && self.acts.has(declared) ? 0.6 : 1;

  if (cues.instructionMarker) put('instruct', 0.95, 'writes an "Instruction:" line', content.search(/instruction\s*[:：]/i));
  if (cues.solutionMarker) put('solve', 0.9, 'writes a "Solution:" line', content.search(/solution\s*[:：]/i));
  if (cues.selfSolved > 0) put('solve', 0.8 * soft, 'does the work itself ("I went ahead", "myself")', content.search(/myself|went ahead|my own|no need to wait/i));
  if (cues.nextRequest && !cues.instructionMarker) put('solve', 0.7 * soft, 'signs off with "Next request." like the solver', content.search(/next request/i));
  if (cues.directive > 0) {
    const score = (cues.directive >= 3 ? 0.8 : cues.directive === 2 ? 0.65 : 0.45) * soft;
    put('instruct', score, `tells another agent what to do (${cues.directive} directive${cues.directive > 1 ? 's' : ''})`, 0);
  }
  if (cues.code) {
    const impl = implementationSize(content);
    if (impl.definitions > 0) {
      // A sizeable implementation (several non-test definitions) is the builder's work, not a sketch for it.
      const score = impl.lines >= 25 && impl.definitions >= 2 ? 0.75 : 0.5;
      put('build', score * soft, `writes implementation code (${impl.definitions} definitions, ${impl.lines} lines)`, content.indexOf('```'));
    }
  }

  for (const claim of headerClaims(content, others)) {
    for (const act of claim.agent.acts) put(act, 0.9, `writes a section as ${claim.agent.id}: "${claim.line}"`, claim.at);
  }
  return out;
}

interface HeaderClaim {
  readonly agent: AgentView;
  readonly line: string;
  readonly at: number;
}

const HEADER_PREFIX = /^[ \t]*(?:#{1,6}[ \t]*|>[ \t]*)?(?:\*\*|__)?[ \t]*/;

/**
 * Section headers written in another agent's name: "## Coder's Implementation",
 * "**Tester (Pass 1 results):**", "Coder:" followed by work. Headers that name
 * an agent to address it ("**To Coder:**", "Coder, please…", "**Coder:**
 * Implement …") are not claims.
 */
export function headerClaims(content: string, others: readonly AgentView[]): HeaderClaim[] {
  const lower = content.toLowerCase();
  const named = others.filter((o) => o.names.some((n) => lower.includes(n)));
  if (named.length === 0) return [];
  const out: HeaderClaim[] = [];
  let offset = 0;
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; offset += lines[i]!.length + 1, i++) {
    const line = lines[i]!;
    if (line.length > 160) continue;
    const prefix = HEADER_PREFIX.exec(line)![0];
    const isHeader = /#|\*\*|__/.test(prefix) || /^[A-Za-z][\w ]{0,30}:/.test(line.trimStart());
    if (!isHeader) continue;
    const head = line.slice(prefix.length).toLowerCase();
    for (const agent of named) {
      const name = agent.names.find((n) => head.startsWith(n) && !/[a-z0-9]/.test(head.charAt(n.length)));
      if (!name) continue;
      const rest = head.slice(name.length).replace(/^['’]s\b/, '');
      const title = rest.split(':')[0]!;
      if (ADDRESSING.test(title) || /^\s*(?:\*\*|__)?\s*,/.test(rest)) continue;
      // A bare "Coder:" then an imperative ("Implement …") addresses the Coder; "Coder:" then work speaks as it.
      // A titled header ("Coder's implementation", "Planner (round 3):") speaks as the agent whatever follows.
      if (title.replace(/[\s*_]+/g, '').length === 0) {
        const after = rest.includes(':') ? rest.slice(rest.indexOf(':') + 1).replace(/^[\s*_]+/, '') : '';
        if (IMPERATIVE.test(after.length > 0 ? after : nextNonEmpty(lines, i + 1))) continue;
      }
      out.push({ agent, line: line.trim().slice(0, 80), at: offset });
    }
  }
  return out;
}

function nextNonEmpty(lines: readonly string[], from: number): string {
  for (let i = from; i < lines.length && i < from + 3; i++) {
    const t = lines[i]!.replace(/^[\s*_#>-]+/, '');
    if (t.length > 0) return t;
  }
  return '';
}
