import type { EventOf, RunEvent } from '../core/events.ts';
import type { PolicySpec } from '../core/specs.ts';
import { formatArm } from '../mitigations/formatArm.ts';
import { describeChange } from './forkChange.ts';
import type { RunHeader } from './runFile.ts';

/** What `conversationText` shows. */
export interface ConversationOptions {
  /** Only these turns (inclusive; `to` null: to the end); events before the first turn (the agents) are always shown. */
  readonly turns?: { readonly from: number; readonly to: number | null };
  /** Only what concerns this agent: its messages, those to it or to all, and the flags, interventions and labels naming it (or no one). */
  readonly agent?: string;
  /** Show the synthetic policy's ground-truth labels (`truth` events). Default true; false for reading blind. */
  readonly truth?: boolean;
  /** Lines to show under a message, by its seq: an LLM judge's verdict on it (`troupe show --judge`). */
  readonly notes?: ReadonlyMap<number, readonly string[]>;
}

const INDENT = '      ';

/**
 * A recorded run as a person reads it: what it ran (world, seed, agents,
 * mitigations, monitors, policies, caps, the fork it is), then turn by turn
 * each message with its sender, addressee and event seq, and between them
 * what watched and acted on the conversation — monitor flags with their
 * evidence, mitigation interventions (and the reply a role guard refused),
 * the synthetic policy's ground-truth labels, actions, model errors, goal
 * progress when it changes — then how the run ended, or that it did not.
 * Model requests, agent state changes and hashes are left out: the file
 * holds them. Lines come as the events do, so a long run is never held whole.
 *
 * @example for (const line of conversationText(header, events)) process.stdout.write(`${line}\n`);
 */
export function* conversationText(header: RunHeader, events: Iterable<RunEvent>, options: ConversationOptions = {}): Generator<string> {
  const { turns, agent } = options;
  const showTruth = options.truth ?? true;
  yield* setup(header);
  let turn = 0;
  let ended = false;
  // Goal progress is shown when it changes; worlds start at 0.
  let progress = 0;
  // A turn's heading goes out with the first line shown in that turn (with --agent, a turn may show nothing).
  let heading: string | null = null;
  let shownTurns = 0;
  // Each agent's latest reply not yet published: the text a role guard's block refers to.
  const unsent = new Map<string, { seq: number; content: string }>();
  // Ground-truth labels come before the reply they label is published or refused, and are shown with it, so that a
  // refused reply (known as such only at the block) still comes before its labels.
  const labels = new Map<string, string[]>();
  const labelsOf = (who: string): string[] => {
    const held = labels.get(who) ?? [];
    labels.delete(who);
    return held;
  };
  const allLabels = (): string[] => [...labels.keys()].flatMap(labelsOf);
  const fork = header.parent;
  let forkMarked = fork === null;
  const about = (who: string | null) => agent === undefined || who === null || who === agent;
  const inTurns = () => turns === undefined || turn === 0 || (turn >= turns.from && (turns.to === null || turn <= turns.to));
  // A note a mitigation sends alike to several agents at once (a recap, a placebo) is shown once, naming them all.
  let note: { readonly e: EventOf<'intervention'>; readonly agents: string[] } | null = null;
  function* flushNote(): Generator<string> {
    if (note === null) return;
    const { e, agents } = note;
    note = null;
    yield* emit([`${seqColumn(e.seq)}${e.mitigation} → ${agents.join(', ')} (${e.kind}, ${e.trigger})\n${indented(e.content)}`]);
  }
  /** Lines shown in the current turn, after its heading if that has not gone out yet. */
  function* emit(lines: readonly string[]): Generator<string> {
    if (lines.length === 0) return;
    if (heading !== null) {
      shownTurns++;
      yield heading;
      heading = null;
    }
    yield* lines;
  }
  for (const e of events) {
    if (e.type === 'intervention' && e.kind === 'note' && inTurns() && about(e.agent)) {
      const same = note !== null && e.agent !== null && note.e.agent !== null && e.mitigation === note.e.mitigation && e.trigger === note.e.trigger && e.content === note.e.content;
      if (same) note!.agents.push(e.agent!);
      else {
        yield* flushNote();
        note = { e, agents: [e.agent ?? 'all'] };
      }
      continue;
    }
    yield* flushNote();
    if (!forkMarked && e.seq > fork!.at) {
      forkMarked = true;
      // Labels held back are the parent's events: above the line.
      yield* allLabels();
      yield `── fork: the events above are ${fork!.runId}'s, up to #${fork!.at}; from here on this run's, with ${describeChange(fork!.change)} ──`;
    }
    if (e.type === 'turn.start') {
      // Labels of a reply neither published nor refused (the run moved on): shown at the end of their turn.
      yield* emit(allLabels());
      turn = e.turn;
      const together = e.speakers.length > 1 ? ` (simultaneous: each decided on the state at #${e.seq}, before any of their replies)` : '';
      heading = `turn ${e.turn} · ${e.speakers.join(', ')}${together}`;
      continue;
    }
    if (e.type === 'model.response' && e.reply) unsent.set(e.agent, { seq: e.seq, content: e.reply.content });
    if (e.type === 'message') unsent.delete(e.from);
    if (e.type === 'run.end') ended = true;
    if (e.type !== 'run.end' && !inTurns()) {
      if (e.type === 'env.update') progress = e.progress;
      continue;
    }
    // The ending goes out without the heading of a turn that showed nothing.
    if (e.type === 'run.end') yield* linesOf(e);
    else yield* emit(linesOf(e));
  }
  yield* flushNote();
  if (!ended) {
    // The file stops before these replies were published or refused: shown as they are, with their labels.
    const replies = [...unsent].filter(([who]) => about(who) && inTurns());
    yield* emit(replies.map(([who, reply]) => `${seqColumn(reply.seq)}${who}'s reply, not yet published (the file stops here):\n${indented(reply.content)}`));
    yield* emit(allLabels());
  }
  if (turns !== undefined && shownTurns === 0) {
    const asked = turns.from === turns.to ? `turn ${turns.from}` : `turns ${turns.from}..${turns.to ?? ''}`;
    yield `(nothing shown in ${asked}: the run has ${turn} turn${turn === 1 ? '' : 's'})`;
  }
  if (!ended) yield `not ended: the file stops after turn ${turn} — the run was killed, crashed or is still running (\`troupe resume\` finishes a killed one)`;

  function linesOf(e: RunEvent): string[] {
    const sp = seqColumn(e.seq);
    switch (e.type) {
      case 'agent.spawn':
        return about(e.agent) ? [`  ${e.agent}: ${e.role.name} (${e.policy}) — goal: ${e.goal.statement}`] : [];
      case 'message':
        return about(e.from) || e.to === null || about(e.to) ? [...labelsOf(e.from), `${sp}${e.from} → ${e.to ?? 'all'}\n${indented(e.content)}`, ...(options.notes?.get(e.seq) ?? [])] : [];
      case 'flag': {
        if (!about(e.agent)) return [];
        const evidence = e.evidence.map((x) => `${INDENT}#${x.seq}: ${x.excerpt}`);
        return [`${sp}${e.severity} · ${e.monitor}${e.agent ? ` · ${e.agent}` : ''} (score ${e.score.toFixed(2)}, seq ${span(e.span)}): ${e.explanation}`, ...evidence];
      }
      case 'intervention': {
        if (!about(e.agent)) return [];
        const refused = e.kind === 'block' && e.agent !== null ? unsent.get(e.agent) : undefined;
        if (refused) unsent.delete(e.agent!);
        const before = refused ? [`${seqColumn(refused.seq)}${e.agent}'s reply, refused (never delivered):\n${indented(refused.content)}`] : [];
        return [...before, ...(refused ? labelsOf(e.agent!) : []), `${sp}${e.mitigation} → ${e.agent ?? 'all'} (${e.kind}, ${e.trigger})\n${indented(e.content)}`];
      }
      case 'truth':
        if (showTruth && about(e.agent)) labels.set(e.agent, [...(labels.get(e.agent) ?? []), `${sp}truth · ${e.agent} · ${e.kind}: ${e.detail}`]);
        return [];
      case 'action':
        return about(e.agent) ? [`${sp}action · ${e.agent}: ${JSON.stringify(e.action)}`] : [];
      case 'action.result':
        return about(e.agent) ? [`${sp}${e.agent}'s action ${e.ok ? 'accepted' : `refused${e.reason ? `: ${e.reason}` : ''}`}`] : [];
      case 'model.response': {
        if (!e.error || !about(e.agent)) return [];
        const status = e.error.status !== null && !e.error.message.startsWith(String(e.error.status)) ? ` ${e.error.status}` : '';
        const retry = e.backoffMs !== null ? `; retried after ${e.backoffMs} ms` : '';
        return [`${sp}model error · ${e.agent} call ${e.call}, attempt ${e.attempt + 1}: ${e.error.kind}${status}: ${e.error.message}${retry}`];
      }
      case 'model.invalid_output':
        return about(e.agent) ? [`${sp}invalid output · ${e.agent} call ${e.call}: ${e.reason}`] : [];
      case 'env.update': {
        const changed = e.progress !== progress || e.note !== null;
        progress = e.progress;
        return changed ? [`${sp}goal progress ${e.progress.toFixed(2)}${e.note ? `: ${e.note}` : ''}`] : [];
      }
      case 'run.end':
        return [...allLabels(), endLine(e)];
      default:
        return [];
    }
  }
}

/** The run's identity and what it ran with. */
function* setup(header: RunHeader): Generator<string> {
  const { config, parent } = header;
  const forked = parent ? ` · forked from ${parent.runId} at #${parent.at} (${describeChange(parent.change)})` : '';
  yield `${config.world} · seed ${config.seed} · run ${header.runId}${forked}`;
  const monitors = config.monitors.enabled === null ? 'all' : config.monitors.enabled.length ? config.monitors.enabled.join(', ') : 'none';
  const policies = [...new Set(config.agents.map((a) => policyText(a.policy)))].join('; ');
  const caps = `${config.maxTurns} turns${config.maxMessages !== null ? `, ${config.maxMessages} messages` : ''}`;
  yield `  mitigations: ${formatArm(config.mitigations)} · monitors: ${monitors} · policy: ${policies} · caps: ${caps}`;
}

function policyText(policy: PolicySpec): string {
  if (policy.kind !== 'openai') return policy.kind;
  return `openai (${[policy.model ?? 'the server\'s default model', policy.baseUrl].filter(Boolean).join(' at ')})`;
}

function endLine(e: EventOf<'run.end'>): string {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  const progress = e.detail.includes('goal progress') ? '' : ` · goal progress ${e.progress.toFixed(2)}`;
  return `ended (#${e.seq}): ${e.reason} — ${e.detail} · ${n(e.turns, 'turn')} · ${n(e.messages, 'message')}${progress}`;
}

/** `  #seq` and at least one space, in a column of 8 (wider for a seq of 6 digits or more). */
function seqColumn(seq: number): string {
  return `  #${seq} `.padEnd(8);
}

function span(s: { start: number; end: number }): string {
  return s.start === s.end ? `${s.end}` : `${s.start}–${s.end}`;
}

function indented(text: string): string {
  return text
    .split('\n')
    .map((line) => `${INDENT}${line}`.trimEnd())
    .join('\n');
}
