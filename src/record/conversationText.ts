import type { EventOf, RunEvent } from '../core/events.ts';
import type { RunHeader } from './runFile.ts';

/** What `conversationText` shows. */
export interface ConversationOptions {
  /** Only these turns (inclusive); events before the first turn (the agents) are always shown. */
  readonly turns?: { readonly from: number; readonly to: number };
  /** Only what concerns this agent: its messages, those to it or to all, and the flags, interventions and labels naming it (or no one). */
  readonly agent?: string;
  /** Show the synthetic policy's ground-truth labels (`truth` events). Default true; false for reading blind. */
  readonly truth?: boolean;
}

const INDENT = '      ';

/**
 * A recorded run as a person reads it: turn by turn, each message with its
 * sender, addressee and event seq, and between them what watched and acted on
 * the conversation — monitor flags, mitigation interventions, the synthetic
 * policy's ground-truth labels, actions, model errors, goal progress when it
 * changes — then how the run ended. Model requests and replies, agent state
 * changes and hashes are left out: `troupe replay`, `verify` and the file
 * itself hold them. Lines come as the events do, so a long run is never held
 * whole.
 *
 * @example for (const line of conversationText(header, events)) process.stdout.write(`${line}\n`);
 */
export function* conversationText(header: RunHeader, events: Iterable<RunEvent>, options: ConversationOptions = {}): Generator<string> {
  const { turns, agent } = options;
  const showTruth = options.truth ?? true;
  yield `${header.config.world} · seed ${header.config.seed} · run ${header.runId}${header.parent ? ` · forked from ${header.parent.runId} at seq ${header.parent.at}` : ''}`;
  let turn = 0;
  // Goal progress is shown when it changes; worlds start at 0.
  let progress = 0;
  // A turn's heading goes out with the first line shown in that turn (with --agent, a turn may show nothing).
  let heading: string | null = null;
  const about = (who: string | null) => agent === undefined || who === null || who === agent;
  const inTurns = () => turns === undefined || turn === 0 || (turn >= turns.from && turn <= turns.to);
  for (const e of events) {
    if (e.type === 'turn.start') {
      turn = e.turn;
      heading = `turn ${e.turn} · ${e.speakers.join(', ')}`;
      continue;
    }
    if (e.type !== 'run.end' && !inTurns()) {
      if (e.type === 'env.update') progress = e.progress;
      continue;
    }
    const line = lineOf(e);
    if (line === null) continue;
    if (heading !== null && e.type !== 'run.end') yield heading;
    heading = null;
    yield line;
  }

  function lineOf(e: RunEvent): string | null {
    const at = `  #${e.seq}`.padEnd(8);
    switch (e.type) {
      case 'agent.spawn':
        return about(e.agent) ? `  ${e.agent}: ${e.role.name} (${e.policy}) — goal: ${e.goal.statement}` : null;
      case 'message':
        return about(e.from) || e.to === null || about(e.to) ? `${at}${e.from} → ${e.to ?? 'all'}\n${indented(e.content)}` : null;
      case 'flag':
        return about(e.agent) ? `${at}${e.severity} · ${e.monitor}${e.agent ? ` · ${e.agent}` : ''} (score ${e.score.toFixed(2)}, seq ${span(e.span)}): ${e.explanation}` : null;
      case 'intervention':
        return about(e.agent) ? `${at}${e.mitigation} → ${e.agent ?? 'all'} (${e.kind}, ${e.trigger})\n${indented(e.content)}` : null;
      case 'truth':
        return showTruth && about(e.agent) ? `${at}truth · ${e.agent} · ${e.kind}: ${e.detail}` : null;
      case 'action':
        return about(e.agent) ? `${at}action · ${e.agent}: ${JSON.stringify(e.action)}` : null;
      case 'action.result':
        return about(e.agent) ? `${at}${e.agent}'s action ${e.ok ? 'accepted' : `refused${e.reason ? `: ${e.reason}` : ''}`}` : null;
      case 'model.response':
        return e.error && about(e.agent) ? `${at}model error · ${e.agent} call ${e.call} attempt ${e.attempt}: ${e.error.kind}${e.error.status !== null ? ` ${e.error.status}` : ''}: ${e.error.message}` : null;
      case 'model.invalid_output':
        return about(e.agent) ? `${at}invalid output · ${e.agent} call ${e.call}: ${e.reason}` : null;
      case 'env.update': {
        const changed = e.progress !== progress || e.note !== null;
        progress = e.progress;
        return changed ? `${at}goal progress ${e.progress.toFixed(2)}${e.note ? `: ${e.note}` : ''}` : null;
      }
      case 'run.end':
        return ended(e);
      default:
        return null;
    }
  }
}

function ended(e: EventOf<'run.end'>): string {
  return `ended (#${e.seq}): ${e.reason} — ${e.detail} · ${e.turns} turns · ${e.messages} messages · goal progress ${e.progress.toFixed(2)}`;
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
