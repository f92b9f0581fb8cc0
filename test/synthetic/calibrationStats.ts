import { camelTasks } from '../../agents/camelTasks.ts';
import type { FailureKind } from '../../src/core/events.ts';
import type { SyntheticParams } from '../../src/policies/synthetic/index.ts';
import { simulateCamel, simulateRelay, type SimResult } from './simulate.ts';

/** Failure statistics of many simulated runs, as the README reports them. */
export interface RunStats {
  readonly runs: number;
  /** Share of runs with at least one failure, and per kind. */
  readonly anyFailure: number;
  readonly runsWith: Record<FailureKind, number>;
  /** Share of replies labelled with each kind. */
  readonly perReply: Record<FailureKind, number>;
  readonly replies: number;
  /** Runs that reached their end (done token / goal) before the cap, and mean goal progress. */
  readonly finished: number;
  readonly progress: number;
  readonly meanMessages: number;
  /** Share of failed replies by message position (1-based ranges). */
  readonly byPosition: readonly { readonly from: number; readonly to: number; readonly rate: number; readonly n: number }[];
}

const KINDS: readonly FailureKind[] = ['role-flip', 'flake', 'loop', 'drift'];
const BUCKETS = [[1, 4], [5, 8], [9, 16], [17, 24], [25, 60]] as const;

export function statsOf(results: readonly SimResult[]): RunStats {
  const zero = (): Record<FailureKind, number> => ({ 'role-flip': 0, flake: 0, loop: 0, drift: 0 });
  const runsWith = zero();
  const perReply = zero();
  let any = 0;
  let replies = 0;
  const failed = BUCKETS.map(() => 0);
  const seen = BUCKETS.map(() => 0);
  for (const r of results) {
    const kinds = new Set<FailureKind>();
    r.messages.forEach((m, i) => {
      replies++;
      const b = BUCKETS.findIndex(([lo, hi]) => i + 1 >= lo && i + 1 <= hi);
      seen[b]!++;
      for (const t of m.truth) {
        kinds.add(t.kind);
        perReply[t.kind]++;
      }
      if (m.truth.length > 0) failed[b]!++;
    });
    if (kinds.size > 0) any++;
    for (const k of kinds) runsWith[k]++;
  }
  const n = results.length;
  for (const k of KINDS) [runsWith[k], perReply[k]] = [runsWith[k] / n, perReply[k] / replies];
  return {
    runs: n,
    anyFailure: any / n,
    runsWith,
    perReply,
    replies,
    finished: results.filter((r) => r.ended !== 'cap').length / n,
    progress: results.reduce((s, r) => s + r.progress, 0) / n,
    meanMessages: replies / n,
    byPosition: BUCKETS.map(([from, to], i) => ({ from, to, rate: seen[i] ? failed[i]! / seen[i]! : 0, n: seen[i]! })),
  };
}

/** 200 CAMEL conversations (the five built-in tasks in turn), seeds 1000–1199. */
export function camelRuns(params?: SyntheticParams, runs = 200): SimResult[] {
  return Array.from({ length: runs }, (_, s) => simulateCamel(camelTasks[s % camelTasks.length]!, { seed: 1000 + s, ...(params ? { params } : {}) }));
}

/** 100 relay runs (teams of 3, 4 and 5 in turn, 4 jobs), seeds 2000–2099. */
export function relayRuns(params?: SyntheticParams, runs = 100): SimResult[] {
  return Array.from({ length: runs }, (_, s) => simulateRelay(3 + (s % 3), 4, { seed: 2000 + s, ...(params ? { params } : {}) }));
}

/**
 * How CAMEL's own example script would have ended each run (the detectors of
 * `examples/ai_society/role_playing_multiprocess.py`), for comparison with
 * the termination reasons CAMEL reports.
 */
export function camelTerminations(results: readonly SimResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  const words = ['goodbye', 'good bye', 'thank', 'bye', 'welcome', 'language model'];
  for (const r of results) {
    let reason = 'max_num_messages';
    let noInstruct = 0;
    let repeat = 0;
    for (let i = 0; i + 1 < r.messages.length || i < r.messages.length; i += 2) {
      const user = r.messages[i]!.content;
      const assistant = r.messages[i + 1]?.content ?? '';
      if (user.includes('<CAMEL_TASK_DONE>')) {
        reason = '<CAMEL_TASK_DONE>';
        break;
      }
      noInstruct = user.includes('Instruction:') ? 0 : noInstruct + 1;
      if (noInstruct === 3) {
        reason = 'user_no_instruct_threshold';
        break;
      }
      if (assistant.includes('Instruction:')) {
        reason = 'assistant_instruct_threshold';
        break;
      }
      const hit = words.some((w) => user.toLowerCase().includes(w) || assistant.toLowerCase().includes(w));
      repeat = hit ? repeat + 1 : 0;
      if (repeat === 4) {
        reason = 'repeat_word_threshold';
        break;
      }
    }
    out[reason] = (out[reason] ?? 0) + 1 / results.length;
  }
  return out;
}
