import type { RunEvent } from '../core/events.ts';
import type { FlagInput } from '../monitors/defineMonitor.ts';
import { inferActs } from '../monitors/roleActs.ts';
import type { Transcript } from './TranscriptSchema.ts';

/** A transcript as an event stream, with the way back from event seqs to message indices. */
export interface TranscriptEvents {
  readonly events: RunEvent[];
  /** Seq of the `message` event for message 0; message i has seq `firstMessageSeq + i`. */
  readonly firstMessageSeq: number;
}

/**
 * Convert a transcript to the events monitors read: `run.start`, one
 * `agent.spawn` per agent (a role card built from the free-text role: acts
 * such as plan/build/test are read from its name and description), then one
 * `message` per entry with `tick` = its index.
 */
export function transcriptToEvents(t: Transcript): TranscriptEvents {
  const events: RunEvent[] = [];
  let seq = 0;
  const push = (e: Record<string, unknown>, tick = 0): void => {
    events.push({ ...e, seq: seq++, tick } as RunEvent);
  };
  const task = t.task ?? null;
  push({ type: 'run.start', runId: t.id, world: 'transcript', seed: 0, agents: t.agents.map((a) => a.id) });
  for (const a of t.agents) {
    const acts = inferActs(a.id, a.role);
    push({
      type: 'agent.spawn',
      agent: a.id,
      role: { name: a.id, description: a.role, duties: [a.role], forbidden: [], acts: acts.length ? acts : ['speak'] },
      goal: {
        statement: a.goal ?? task ?? `Complete the task of "${t.id}".`,
        successCriteria: a.goal && task ? [task] : [],
      },
      policy: 'transcript',
    });
  }
  const firstMessageSeq = seq;
  t.messages.forEach((m, i) => push({ type: 'message', from: m.from, to: m.to ?? null, content: m.content }, i));
  return { events, firstMessageSeq };
}

/** Evidence over a transcript: `message` is the 0-based index into `messages`; `seq` repeats it for readers of earlier versions. */
export interface TranscriptEvidence {
  readonly message: number;
  /** @deprecated the same message index as `message` (not an event seq); kept for readers of earlier output. */
  readonly seq: number;
  readonly excerpt: string;
}

/** A flag over a transcript: span and evidence positions are 0-based message indices. */
export type TranscriptFlag = Omit<FlagInput, 'evidence'> & { readonly evidence: readonly TranscriptEvidence[] };

/**
 * Re-express flags over a converted transcript in message indices: spans
 * become 0-based indices into `messages`, and each evidence entry names its
 * message index as `message` (and, for earlier readers, as `seq`).
 */
export function flagsToMessageIndices(flags: readonly FlagInput[], converted: TranscriptEvents): TranscriptFlag[] {
  const index = (seq: number): number => Math.max(0, seq - converted.firstMessageSeq);
  return flags.map((f) => ({
    ...f,
    span: { start: index(f.span.start), end: index(f.span.end) },
    evidence: f.evidence.map((e) => ({ message: index(e.seq), seq: index(e.seq), excerpt: e.excerpt })),
  }));
}
