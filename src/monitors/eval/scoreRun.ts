import type { FailureKind, RunEvent } from '../../core/events.ts';
import { CAMEL_RULES, camelRuleKind } from '../camelRules.ts';
import type { FlagInput } from '../defineMonitor.ts';
import { judgeKind } from '../judge/judgeVerdict.ts';
import { monitorSpec } from '../registry.ts';
import { truthEpisodes, type TruthEpisode } from './truthEpisodes.ts';

/**
 * The matching rule. A flag matches a truth episode when
 *  - the flag's failure kind is the episode's kind (role-flip → role-flip,
 *    flake-reply → flake, infinite-loop → loop, drift → drift; camel-rules by
 *    the rule it reports);
 *  - it names the episode's agent — except for loops, which are a property of
 *    the exchange (a ping-pong is one loop, whoever's message tipped it);
 *  - it is raised at a turn from the episode's first failing turn up to
 *    `GRACE_TURNS` after its last one.
 * Precision counts flags that match some episode; recall counts episodes
 * matched by some flag; latency is the turn of the first matching flag minus
 * the episode's first turn. Flags of severity `info` are notes, not claims of
 * failure, and are not scored.
 */
export const GRACE_TURNS = 2;
const AGENT_AGNOSTIC: ReadonlySet<FailureKind> = new Set(['loop']);

/** Counts for one monitor, summed over runs. */
export interface Tally {
  flags: number;
  matchedFlags: number;
  episodes: number;
  detected: number;
  latencySum: number;
  /** Flags raised on clean runs (no injected failure) and the turns of those runs. */
  cleanFlags: number;
  cleanTurns: number;
}

export function emptyTally(): Tally {
  return { flags: 0, matchedFlags: 0, episodes: 0, detected: 0, latencySum: 0, cleanFlags: 0, cleanTurns: 0 };
}

/** The failure kind a flag claims. */
export function flagKind(flag: FlagInput): FailureKind | null {
  return flag.monitor === 'camel-rules' ? camelRuleKind(flag) : (judgeKind(flag.monitor) ?? monitorSpec(flag.monitor).kind);
}

/** The kinds of episode a monitor is scored on. */
function kindsOf(monitor: string): ReadonlySet<FailureKind> {
  if (monitor === 'camel-rules') return new Set(Object.values(CAMEL_RULES).filter((k) => k !== null));
  const kind = judgeKind(monitor) ?? monitorSpec(monitor).kind;
  return new Set(kind ? [kind] : []);
}

/**
 * Score one run: its events (truth included) and the flags the monitors
 * raised over it, added into `tallies` per monitor. `active` says whether a
 * monitor applies to this run at all (camel-rules only watches CAMEL pairs);
 * `clean` says the run was generated without failures (default: it has no
 * truth events).
 */
export function scoreRun(
  events: readonly RunEvent[],
  flags: readonly FlagInput[],
  monitors: readonly string[],
  tallies: Record<string, Tally>,
  options: { active?: (monitor: string) => boolean; clean?: boolean } = {},
): void {
  const active = options.active ?? (() => true);
  const tickOf = new Map<number, number>();
  let turns = 0;
  for (const e of events) {
    tickOf.set(e.seq, e.tick);
    if (e.type === 'run.end') turns = e.turns;
  }
  const episodes = truthEpisodes(events);
  const clean = options.clean ?? episodes.length === 0;
  for (const monitor of monitors) {
    if (!active(monitor)) continue;
    const t = (tallies[monitor] ??= emptyTally());
    const kinds = kindsOf(monitor);
    const mine = episodes.filter((e) => kinds.has(e.kind));
    const firstHit = new Array<number | null>(mine.length).fill(null);
    const scored = flags.filter((f) => f.monitor === monitor && f.severity !== 'info');
    for (const f of scored) {
      const turn = tickOf.get(f.span.end) ?? 0;
      const kind = flagKind(f);
      let matched = false;
      mine.forEach((ep, i) => {
        if (!matches(f, kind, turn, ep)) return;
        matched = true;
        if (firstHit[i] === null || turn < firstHit[i]!) firstHit[i] = turn;
      });
      t.flags++;
      if (matched) t.matchedFlags++;
    }
    t.episodes += mine.length;
    mine.forEach((ep, i) => {
      const hit = firstHit[i];
      if (hit === null || hit === undefined) return;
      t.detected++;
      t.latencySum += Math.max(0, hit - ep.startTurn);
    });
    if (clean) {
      t.cleanFlags += scored.length;
      t.cleanTurns += turns;
    }
  }
}

function matches(f: FlagInput, kind: FailureKind | null, turn: number, ep: TruthEpisode): boolean {
  if (kind !== ep.kind) return false;
  if (!AGENT_AGNOSTIC.has(ep.kind) && f.agent !== ep.agent) return false;
  return turn >= ep.startTurn && turn <= ep.endTurn + GRACE_TURNS;
}

/** The figures `eval monitors --json` prints per monitor; null where the ratio is 0/0. */
export interface MonitorScore {
  readonly precision: number | null;
  readonly recall: number | null;
  readonly f1: number | null;
  readonly latencyTurns: number | null;
  readonly falsePerKTurns: number | null;
}

/** Precision, recall, F1, mean latency and false flags per 1,000 clean turns from a tally. */
export function scoreOf(t: Tally): MonitorScore {
  const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
  const { precision, recall, f1 } = prf1(t.matchedFlags, t.flags, t.detected, t.episodes);
  const per = ratio(t.cleanFlags * 1000, t.cleanTurns);
  return { precision: round4(precision), recall: round4(recall), f1: round4(f1), latencyTurns: round4(ratio(t.latencySum, t.detected)), falsePerKTurns: round4(per) };
}

/** Precision (hits over flags), recall (found over positives) and F1; null where a denominator is 0. */
export function prf1(hits: number, flags: number, found: number, positives: number): { precision: number | null; recall: number | null; f1: number | null } {
  const precision = flags === 0 ? null : hits / flags;
  const recall = positives === 0 ? null : found / positives;
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Round a figure to 4 decimals (null stays null). */
export function round4(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10000) / 10000;
}
