import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.ts';
import type { FailureKind, RunEvent, TerminationReason } from '../core/events.ts';
import { DEFAULT_MONITORS, loadedMonitor } from '../monitors/index.ts';
import { cannotReadRunFile } from '../record/LineReader.ts';
import { parseHeaderLine } from '../record/readRun.ts';

/** What a sweep keeps of one recorded run: its cell of the design and its outcomes, read from the run file. */
export interface RunRecord {
  readonly runId: string;
  readonly file: string;
  readonly arm: string;
  readonly world: string;
  readonly agents: string;
  readonly instance: string;
  /** The experiment's seed, and the run's own (they differ when a world has several instances). */
  readonly trial: number;
  readonly seed: number;
  /** Final goal progress, turns and messages, and the termination reason, from `run.end`. */
  readonly progress: number;
  readonly turns: number;
  readonly messages: number;
  readonly termination: TerminationReason;
  /**
   * Flags per monitor, warnings and critical findings only (as `eval` scores them: an `info` flag is a note — a
   * stall, a message cap — not a claim of failure); a monitor that raised none has no entry.
   */
  readonly flags: Readonly<Record<string, number>>;
  /** The monitors that ran, from the header's config: tells a monitor that raised no flag from one that was off. */
  readonly monitors: readonly string[];
  /** Injected failures per kind (synthetic ground truth, `truth` events). */
  readonly failures: Readonly<Record<FailureKind, number>>;
  /**
   * Of those, the ones a guard refused (a `block` intervention answered the reply): the agent decided again and the
   * failed reply never reached the conversation.
   */
  readonly refused: Readonly<Record<FailureKind, number>>;
  /** Interventions by kind (note, block, stop) and the characters of all notes. */
  readonly interventions: { readonly note: number; readonly block: number; readonly stop: number };
  readonly noteChars: number;
}

/** The design cell of a run, from the sweep plan. */
export type RunCell = Pick<RunRecord, 'runId' | 'file' | 'arm' | 'world' | 'agents' | 'instance' | 'trial' | 'seed'>;

const WANTED = new Set(['run.end', 'flag', 'truth', 'intervention']);
const FROM = ',"from":"';

/**
 * Read a sealed run file's outcomes. Only the lines of the few event types
 * needed are parsed (an event line is canonical JSON whose last `"type"` key is
 * the event's own), so this costs little more than reading the file.
 *
 * @example const record = readRunRecord({ runId, file, arm: 'none', world: 'relay', agents: 'default', instance: 'team=4', trial: 1, seed: 1 })
 */
export function readRunRecord(cell: RunCell): RunRecord {
  let text: string;
  try {
    text = readFileSync(cell.file, 'utf8');
  } catch (error) {
    throw cannotReadRunFile(cell.file, error);
  }
  const flags: Record<string, number> = {};
  const failures: Record<FailureKind, number> = { 'role-flip': 0, flake: 0, loop: 0, drift: 0 };
  const refused: Record<FailureKind, number> = { 'role-flip': 0, flake: 0, loop: 0, drift: 0 };
  // Per agent, the injected failures of its latest reply, until that reply is published (a message) or refused.
  const pending = new Map<string, { call: number; kinds: FailureKind[] }>();
  const interventions = { note: 0, block: 0, stop: 0 };
  let noteChars = 0;
  let end: Extract<RunEvent, { type: 'run.end' }> | null = null;
  const headerEnd = text.indexOf('\n');
  const monitors = monitorsOf(text.slice(0, headerEnd < 0 ? text.length : headerEnd), cell.file);
  let from = headerEnd + 1;
  while (from < text.length) {
    let to = text.indexOf('\n', from);
    if (to < 0) to = text.length;
    const at = text.lastIndexOf('"type":"', to);
    if (at >= from) {
      const type = text.slice(at + 8, text.indexOf('"', at + 8));
      if (type === 'message') {
        // Only the sender is needed: read it without parsing the line (a quote inside a value is escaped, so this
        // key cannot occur inside the content before it).
        const at = text.indexOf(FROM, from);
        if (at >= 0 && at < to) pending.delete(text.slice(at + FROM.length, text.indexOf('"', at + FROM.length)));
      } else if (WANTED.has(type)) {
        const event = JSON.parse(text.slice(from, to)) as RunEvent;
        if (event.type === 'run.end') end = event;
        else if (event.type === 'flag') {
          if (event.severity !== 'info') flags[event.monitor] = (flags[event.monitor] ?? 0) + 1;
        }
        else if (event.type === 'truth') {
          failures[event.kind]++;
          const mine = pending.get(event.agent);
          if (mine && mine.call === event.call) mine.kinds.push(event.kind);
          else pending.set(event.agent, { call: event.call, kinds: [event.kind] });
        } else if (event.type === 'intervention') {
          interventions[event.kind]++;
          if (event.kind === 'block' && event.agent !== null) {
            for (const kind of pending.get(event.agent)?.kinds ?? []) refused[kind]++;
            pending.delete(event.agent);
          }
          if (event.kind === 'note') noteChars += event.content.length;
        }
      }
    }
    from = to + 1;
  }
  if (!end) throw new UserError(`Run file ${cell.file} has no run.end event: it is not a complete run.`);
  return {
    ...cell,
    progress: end.progress,
    turns: end.turns,
    messages: end.messages,
    termination: end.reason,
    flags,
    monitors,
    failures,
    refused,
    interventions,
    noteChars,
  };
}

/** The monitors a run's header says were on (a config that names none ran the default set). */
function monitorsOf(header: string, file: string): string[] {
  // A monitor module is named by path in the config, and its flags by the name it declares.
  return (parseHeaderLine(header, file).config.monitors.enabled ?? DEFAULT_MONITORS).map((name) => loadedMonitor(name)?.spec.name ?? name);
}
