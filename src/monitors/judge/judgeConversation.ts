import { hashOf } from '../../core/canonical.ts';
import { UserError } from '../../core/errors.ts';
import type { RunEvent } from '../../core/events.ts';
import type { Policy, PolicyAttempt, PolicySettings } from '../../policies/Policy.ts';
import type { FlagInput } from '../defineMonitor.ts';
import { judgeMessages, JUDGE_PROMPT_VERSION, type JudgedAgent, type JudgedMessage } from './judgePrompt.ts';
import { JudgeRecord, JUDGE_FORMAT, type JudgeEntry, type JudgeHeader, type ReadJudgeRecord } from './JudgeRecord.ts';
import { JudgeVerdictSchema, verdictFlags, type JudgeVerdict } from './judgeVerdict.ts';
import { JudgeBreaker } from './JudgeBreaker.ts';
import { inLanes } from '../../core/inLanes.ts';

/** How to judge a conversation. */
export interface JudgeOptions {
  /** The judge model: an openai policy asked for `judgeOutput(mode)`. */
  readonly policy: Policy;
  /** The model's name, for the flags' explanations. */
  readonly model: string;
  /** The judge record to read and extend (see `JudgeRecord`; `judgeFile` names it after `judgeHeader`). */
  readonly record: string;
  /** The judged file's name and its content's identity (a run's id; a transcript's hash). */
  readonly judged: JudgeHeader['judged'];
  /** Messages before the judged one that the judge is shown. */
  readonly history: number;
  /** Judge only these speakers' messages (null: every agent's). */
  readonly agents?: readonly string[] | null;
  /** Never call the model (nor write): a message without a recorded verdict is an error. */
  readonly offline?: boolean;
  /** Judge calls in flight at once (the process-wide model-call limits apply too). */
  readonly inFlight: number;
  /** How a message is named in messages (default `seq N`; a transcript's are `message N`). */
  readonly describe?: (seq: number) => string;
  /** When to stop calling at all; share one between passes (a dead server stops them all). Default: this pass's own. */
  readonly breaker?: JudgeBreaker;
  /** Called after each call made now, with how many of the messages to ask about have been asked. */
  readonly onAsked?: (done: number, total: number) => void;
}

/** What a judge pass did. */
export interface JudgeOutcome {
  /** The judge's flags, in message order. */
  readonly flags: FlagInput[];
  /** The seqs of the messages that have a verdict, in order (those without one are in `failed`). */
  readonly verdicts: readonly number[];
  /** Messages to judge in all, verdicts read from the record, and calls made now (that reached the server). */
  readonly messages: number;
  readonly reused: number;
  readonly asked: number;
  /** Messages left without a verdict: the call failed (after its retries) or was not made (budget spent, server refusing). */
  readonly failed: readonly { readonly seq: number; readonly at: string; readonly error: string }[];
}

interface Target {
  readonly message: JudgedMessage;
  readonly request: ReturnType<typeof judgeMessages>;
  readonly hash: string;
}

/** Policy settings that do not change what the judge answers: a record made with other values stays valid. */
const NOT_IDENTITY = new Set(['apiKeyEnv', 'maxAttempts', 'timeoutMs']);

/**
 * The judge's settings that shape a verdict: what its records and requests
 * are keyed by. The key variable, retries and timeouts are left out
 * (renaming the key's variable must not throw paid verdicts away).
 */
export function judgeIdentity(settings: PolicySettings): PolicySettings {
  return Object.fromEntries(Object.entries(settings).filter(([k]) => !NOT_IDENTITY.has(k)));
}

/** A judge record's header for these settings and this conversation: what the record's name fingerprints. */
export function judgeHeader(settings: PolicySettings, judged: JudgeHeader['judged'], history: number): JudgeHeader {
  return { format: JUDGE_FORMAT, judged, settings: judgeIdentity(settings), prompt: JUDGE_PROMPT_VERSION, history };
}

/**
 * Judge every agent message of a conversation (a run's or a transcript's
 * events) with an LLM: for each, the speaker's role card and goal and the
 * messages before it go to the judge model, whose verdict (role flip, flake,
 * loop, drift, and why) becomes flags named `judge.<kind>`. Every call goes
 * through the openai policy (its retries, limits and budget) and is kept in a
 * judge record with all its attempts; verdicts the record already holds for
 * the same request are reused, so a second pass makes no call and prints the
 * same flags, and a pass cut short goes on where it stopped. A pass that
 * judged every agent's messages and got every verdict seals the record.
 *
 * @example const { flags } = await judgeConversation(events, { policy, model: 'llama3', record: 'runs/x.judge-1a2b3c4d.jsonl', judged: { file: 'x.jsonl', id: 'x' }, history: 8, inFlight: 4 })
 */
export async function judgeConversation(events: Iterable<RunEvent>, options: JudgeOptions): Promise<JudgeOutcome> {
  const describe = options.describe ?? ((seq: number) => `seq ${seq}`);
  const header = judgeHeader(options.policy.settings, options.judged, options.history);
  const targets = targetsOf(events, options, header.settings);
  const verdicts = new Map<number, JudgeVerdict>();
  const unanswered = (read: ReadJudgeRecord): Target[] =>
    targets.filter((t) => {
      const entry = read.entries.get(t.message.seq);
      if (!entry || entry.request !== t.hash || entry.verdict === null) return true;
      verdicts.set(t.message.seq, entry.verdict);
      return false;
    });
  const before = JudgeRecord.read(options.record, header);
  let toAsk = unanswered(before);
  if (options.offline && toAsk.length > 0) {
    throw new UserError(`${options.record}: no verdict recorded for ${toAsk.length} of ${targets.length} messages (the first: ${describe(toAsk[0]!.message.seq)}); judge without --offline to ask the model for them.`);
  }
  const everyAgent = !options.agents;
  const failed: { seq: number; at: string; error: string }[] = [];
  let asked = 0;
  // A complete record is read, not rewritten: judging again (or offline) writes nothing.
  const breaker = options.breaker ?? new JudgeBreaker();
  // A breaker already stopped (an earlier file's pass) makes no call: no record is opened for none.
  if (breaker.stopped !== null) for (const t of toAsk) failed.push({ seq: t.message.seq, at: describe(t.message.seq), error: `not asked: ${breaker.stopped}` });
  else if (!options.offline && (toAsk.length > 0 || (everyAgent && !before.sealed))) {
    const { record, read } = JudgeRecord.openFor(options.record, header);
    try {
      // Under the lock: another pass may have added verdicts since.
      toAsk = unanswered(read);
      // Every call on each message's current request, failed ones too (paid for): what a sealed record holds.
      const current = new Set(targets.map((t) => t.hash));
      const calls = new Map<number, JudgeEntry[]>();
      const keep = (entry: JudgeEntry) => {
        if (current.has(entry.request)) calls.set(entry.seq, [...(calls.get(entry.seq) ?? []), entry]);
      };
      read.calls.forEach(keep);
      asked = await ask(toAsk, options, breaker, (t, entry) => {
        record.append(entry);
        keep(entry);
        if (entry.verdict) verdicts.set(t.message.seq, entry.verdict);
        else failed.push({ seq: t.message.seq, at: describe(t.message.seq), error: lastError(entry.attempts) });
      });
      for (const t of toAsk) {
        if (!verdicts.has(t.message.seq) && !failed.some((f) => f.seq === t.message.seq)) failed.push({ seq: t.message.seq, at: describe(t.message.seq), error: `not asked: ${breaker.stopped ?? 'the pass stopped'}` });
      }
      failed.sort((a, b) => a.seq - b.seq);
      // Sealed only when every message of every agent has its verdict: others are asked for next time.
      if (everyAgent && failed.length === 0) record.seal(targets.flatMap((t) => calls.get(t.message.seq) ?? []));
    } finally {
      record.close();
    }
  }
  const flags = targets.flatMap((t) => {
    const verdict = verdicts.get(t.message.seq);
    return verdict ? verdictFlags(verdict, t.message, options.model) : [];
  });
  const judged = targets.filter((t) => verdicts.has(t.message.seq)).map((t) => t.message.seq);
  return { flags, verdicts: judged, messages: targets.length, reused: targets.length - toAsk.length, asked, failed };
}

/**
 * The fingerprint of the judge request of every agent message, by seq, for a record's settings (`judgeIdentity`) and
 * history: a recorded verdict whose request differs was given on another version of the message.
 */
export function judgeRequests(events: Iterable<RunEvent>, settings: PolicySettings, history: number): Map<number, string> {
  return new Map(targetsOf(events, { history, agents: null, judged: { file: '', id: '' } }, settings).map((t) => [t.message.seq, t.hash]));
}

/** The messages to judge, each with its judge request: agents' messages, of the speakers asked for. */
function targetsOf(events: Iterable<RunEvent>, options: Pick<JudgeOptions, 'history' | 'agents' | 'judged'>, settings: PolicySettings): Target[] {
  const agents = new Map<string, JudgedAgent>();
  const seen: JudgedMessage[] = [];
  const targets: Target[] = [];
  const only = options.agents ? new Set(options.agents) : null;
  for (const e of events) {
    if (e.type === 'agent.spawn') agents.set(e.agent, { id: e.agent, role: e.role, goal: e.goal });
    if (e.type !== 'message') continue;
    const message: JudgedMessage = { seq: e.seq, from: e.from, to: e.to, content: e.content };
    const agent = agents.get(e.from);
    if (agent && (only === null || only.has(e.from))) {
      const request = judgeMessages(agent, seen.slice(Math.max(0, seen.length - options.history)), message);
      targets.push({ message, request, hash: hashOf({ settings, messages: request }) });
    }
    seen.push(message);
    // Only the last `history` messages are ever shown.
    if (seen.length > options.history) seen.shift();
  }
  if (only) for (const id of only) if (!agents.has(id)) throw new UserError(`--agent ${id}: no such agent in ${options.judged.file} (agents: ${[...agents.keys()].join(', ') || 'none'}).`);
  return targets;
}

/**
 * Ask the judge for each target, `inFlight` at a time; `done` sees each
 * entry as its reply arrives (and the record keeps it at once). Once the
 * breaker has stopped, no further call starts. A call the budget refused
 * before it reached the server leaves no entry. Returns the calls made.
 */
async function ask(targets: readonly Target[], options: JudgeOptions, breaker: JudgeBreaker, done: (t: Target, entry: JudgeEntry) => void): Promise<number> {
  let calls = 0;
  await inLanes(
    targets,
    options.inFlight,
    async (t) => {
      const { attempts } = await options.policy.decide({ agent: 'judge', call: t.message.seq, messages: t.request });
      breaker.note(attempts);
      if (attempts.every((a) => a.error?.kind === 'budget')) return;
      calls++;
      done(t, { seq: t.message.seq, agent: t.message.from, request: t.hash, attempts, verdict: verdictOf(attempts) });
      options.onAsked?.(calls, targets.length);
    },
    () => breaker.stopped !== null,
  );
  return calls;
}

/** The verdict of a call whose last attempt has a reply (already checked against the schema by the policy). */
function verdictOf(attempts: readonly PolicyAttempt[]): JudgeVerdict | null {
  const reply = attempts.at(-1)?.reply;
  if (!reply) return null;
  try {
    const parsed = JudgeVerdictSchema.safeParse(JSON.parse(reply.content));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function lastError(attempts: readonly PolicyAttempt[]): string {
  const error = attempts.at(-1)?.error;
  return error ? `${error.kind}${error.status ? ` ${error.status}` : ''}: ${error.message}` : 'the reply was not a verdict';
}
