import { hashOf } from '../../core/canonical.ts';
import { UserError } from '../../core/errors.ts';
import type { RunEvent } from '../../core/events.ts';
import type { Policy, PolicyAttempt } from '../../policies/Policy.ts';
import type { FlagInput } from '../defineMonitor.ts';
import { judgeMessages, JUDGE_PROMPT_VERSION, type JudgedAgent, type JudgedMessage } from './judgePrompt.ts';
import { JudgeRecord, JUDGE_FORMAT, type JudgeEntry, type JudgeHeader } from './JudgeRecord.ts';
import { JudgeVerdictSchema, verdictFlags, type JudgeVerdict } from './judgeVerdict.ts';

/** How to judge a conversation. */
export interface JudgeOptions {
  /** The judge model: an openai policy asked for `judgeOutput(mode)`. */
  readonly policy: Policy;
  /** The model's name, for the flags' explanations. */
  readonly model: string;
  /** The judge record to read and extend (see `JudgeRecord`). */
  readonly record: string;
  /** The judged file's name, for the record's header. */
  readonly judged: string;
  /** Messages before the judged one that the judge is shown. */
  readonly history: number;
  /** Judge only these speakers' messages (null: every agent's). */
  readonly agents?: readonly string[] | null;
  /** Never call the model: a message without a recorded verdict is an error. */
  readonly offline?: boolean;
  /** Judge calls in flight at once (the process-wide model-call limits apply too). */
  readonly inFlight: number;
  /** Called after each message judged now (not for verdicts read from the record). */
  readonly onJudged?: (done: number, total: number) => void;
}

/** What a judge pass did. */
export interface JudgeOutcome {
  /** The judge's flags, in message order. */
  readonly flags: FlagInput[];
  /** The seqs of the messages that have a verdict, in order (those without one are in `failed`). */
  readonly verdicts: readonly number[];
  /** Messages judged in all, verdicts read from the record, and messages asked for now (a spent budget leaves some unasked). */
  readonly messages: number;
  readonly reused: number;
  readonly asked: number;
  /** Messages left without a verdict: the call failed (after its retries) or was not made (budget spent). */
  readonly failed: readonly { readonly seq: number; readonly error: string }[];
}

interface Target {
  readonly message: JudgedMessage;
  readonly request: ReturnType<typeof judgeMessages>;
  readonly hash: string;
}

/**
 * Judge every agent message of a conversation (a run's or a transcript's
 * events) with an LLM: for each, the speaker's role card and goal and the
 * messages before it go to the judge model, whose verdict (role flip, flake,
 * loop, drift, and why) becomes flags named `judge.<kind>`. Every call goes
 * through the openai policy (its retries, limits and budget) and is kept in a
 * judge record with all its attempts; verdicts the record already holds for
 * the same request are reused, so a second pass makes no call and prints the
 * same flags, and a pass cut short goes on where it stopped. Results are
 * applied in message order, never in the order replies arrive.
 *
 * @example const { flags } = await judgeConversation(events, { policy, model: 'llama3', record: 'runs/x.judge-1a2b3c4d.jsonl', judged: 'x.jsonl', history: 8, inFlight: 4 })
 */
export async function judgeConversation(events: Iterable<RunEvent>, options: JudgeOptions): Promise<JudgeOutcome> {
  const targets = targetsOf(events, options);
  const header: JudgeHeader = { format: JUDGE_FORMAT, judged: options.judged, settings: options.policy.settings, prompt: JUDGE_PROMPT_VERSION, history: options.history };
  const read = JudgeRecord.read(options.record, header);
  const verdicts = new Map<number, JudgeVerdict>();
  const toAsk: Target[] = [];
  for (const t of targets) {
    const entry = read.entries.get(t.message.seq);
    if (entry && entry.request === t.hash && entry.verdict !== null) verdicts.set(t.message.seq, entry.verdict);
    else toAsk.push(t);
  }
  const reused = verdicts.size;
  if (options.offline && toAsk.length > 0) {
    throw new UserError(`${options.record}: no verdict recorded for ${toAsk.length} of ${targets.length} messages (the first at seq ${toAsk[0]!.message.seq}); judge without --offline to ask the model for them.`);
  }
  const failed: { seq: number; error: string }[] = [];
  let asked = 0;
  // A complete record is read, not rewritten: judging again (or offline) writes nothing.
  if (toAsk.length > 0 || (!read.sealed && !options.offline)) {
    const record = JudgeRecord.open(options.record, header, read);
    try {
      asked = await ask(toAsk, options, (t, entry) => {
        record.append(entry);
        if (entry.verdict) verdicts.set(t.message.seq, entry.verdict);
        else failed.push({ seq: t.message.seq, error: lastError(entry.attempts) });
      });
      for (const t of toAsk.slice(asked)) failed.push({ seq: t.message.seq, error: 'not asked: the model-call budget is spent' });
      // Sealed only when every message has its verdict: one that has none is asked for again next time.
      if (failed.length === 0) record.seal();
    } finally {
      record.close();
    }
  }
  const flags = targets.flatMap((t) => {
    const verdict = verdicts.get(t.message.seq);
    return verdict ? verdictFlags(verdict, t.message, options.model) : [];
  });
  const judged = targets.filter((t) => verdicts.has(t.message.seq)).map((t) => t.message.seq);
  return { flags, verdicts: judged, messages: targets.length, reused, asked, failed };
}

/** The messages to judge, each with its judge request: agents' messages, of the speakers asked for. */
function targetsOf(events: Iterable<RunEvent>, options: JudgeOptions): Target[] {
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
      targets.push({ message, request, hash: hashOf({ settings: options.policy.settings, messages: request }) });
    }
    seen.push(message);
    // Only the last `history` messages are ever shown.
    if (seen.length > options.history) seen.shift();
  }
  if (only) for (const id of only) if (!agents.has(id)) throw new UserError(`--agent ${id}: no such agent in ${options.judged} (agents: ${[...agents.keys()].join(', ') || 'none'}).`);
  return targets;
}

/**
 * Ask the judge for each target, `inFlight` at a time; `done` sees each
 * entry in the targets' order (a reply that arrives early waits for those
 * before it), so the record is the same whatever the server's latencies.
 * Once a call finds the budget spent no further call starts; returns how
 * many targets were asked (those after were not).
 */
async function ask(targets: readonly Target[], options: JudgeOptions, done: (t: Target, entry: JudgeEntry) => void): Promise<number> {
  const entries = new Array<JudgeEntry | undefined>(targets.length);
  let next = 0;
  let flushed = 0;
  let spent = false;
  const flush = () => {
    while (flushed < targets.length && entries[flushed]) {
      done(targets[flushed]!, entries[flushed]!);
      flushed++;
      options.onJudged?.(flushed, targets.length);
    }
  };
  const lane = async () => {
    while (!spent && next < targets.length) {
      const i = next++;
      const t = targets[i]!;
      const { attempts } = await options.policy.decide({ agent: 'judge', call: t.message.seq, messages: t.request });
      if (attempts.at(-1)?.error?.kind === 'budget') spent = true;
      entries[i] = { seq: t.message.seq, agent: t.message.from, request: t.hash, attempts, verdict: verdictOf(attempts) };
      flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.inFlight, targets.length)) }, lane));
  return next;
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
