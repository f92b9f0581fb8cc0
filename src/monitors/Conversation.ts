import type { EventOf } from '../core/events.ts';
import type { Goal, RoleCard } from '../core/specs.ts';
import { readCues, type Cues } from './text/cues.ts';
import { jaccard, shingleSet } from './text/shingles.ts';
import { analyzeText } from './text/analyzeText.ts';
import { contentTokens, words } from './text/tokenize.ts';
import { TopicModel } from './text/TopicModel.ts';
import { actsOfRoleCard, type CanonicalAct } from './roleActs.ts';

/**
 * Words of agent clauses that are not off-task join the task vocabulary at
 * this lower weight: tasks use more words than their goal states (a relay
 * report names code modules, a CAMEL solution names libraries).
 */
const ABSORB_WEIGHT = 0.6;
/** Relevance below which a clause is off-task: the drift monitor's default threshold, and what interrupts a loop episode. */
export const OFF_TASK_RELEVANCE = 0.2;
/** Share of a message's judged words that off-task clauses must hold for the message to be off-task. */
export const OFF_TASK_SHARE = 0.4;
/** Similarity at which a message repeats one of the speaker's own (the infinite-loop monitor's `repeat` default). */
export const REPEAT_SIMILARITY = 0.85;
/** How many of a speaker's own previous messages `selfRepeat` compares with. */
export const OWN_LOOKBACK = 2;
/** Messages with fewer topic words are never repeats. */
export const MIN_REPEAT_WORDS = 3;
/** Clauses with fewer informative (non-neutral) words are too short to judge. */
export const MIN_CLAUSE_WORDS = 3;

/** A judged clause: relevance to the task vocabulary, informative words, index in the content. */
export interface Clause {
  readonly relevance: number;
  readonly words: number;
  readonly at: number;
}

/**
 * A repeat of the speaker's own recent message: the loop monitor's to judge.
 * Every monitor decides ownership with this one rule and the one threshold
 * the conversation carries (`Conversation.repeatThreshold`), so no message
 * falls between them when the loop monitor's `repeat` is tuned.
 */
export function isSelfRepeat(m: MessageView, threshold: number): boolean {
  const rep = m.selfRepeat;
  // An instruction asked again in other words is a re-instruction, not a copy.
  return rep !== null && rep.sim >= threshold && (rep.exact || !m.cues.instructionMarker);
}

/**
 * The off-task part of a message: its clauses below `threshold` relevance,
 * when they hold at least `minShare` of its judged words (one stray clause in
 * a long technical message is not a change of topic). Returns the least
 * relevant of them, or null.
 */
export function offTaskClause(m: MessageView, threshold = OFF_TASK_RELEVANCE, minShare = OFF_TASK_SHARE): Clause | null {
  let all = 0;
  let off = 0;
  let worst: Clause | null = null;
  for (const c of m.clauses) {
    all += c.words;
    if (c.relevance >= threshold) continue;
    off += c.words;
    if (!worst || c.relevance < worst.relevance) worst = c;
  }
  return worst && off >= minShare * all ? worst : null;
}

const NO_SHINGLES = new Uint32Array(0);
const NO_CUES = readCues('');

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** An agent as the monitors know it: its role card and goal from `agent.spawn`. */
export interface AgentView {
  readonly id: string;
  readonly role: RoleCard;
  readonly goal: Goal;
  /** The acts this role owns (from the card's `acts`, plus acts read from its free text). */
  readonly acts: ReadonlySet<CanonicalAct>;
  /** Lower-cased names the agent goes by: its id and its role name. */
  readonly names: readonly string[];
}

/** One message with the features every monitor reads, computed once. */
export interface MessageView {
  readonly seq: number;
  readonly tick: number;
  readonly from: string;
  readonly to: string | null;
  readonly content: string;
  /** The speaker's card, or null for the world and other non-agents. */
  readonly agent: AgentView | null;
  /** Stemmed topic tokens. */
  readonly tokens: readonly string[];
  /** Hashed token-pair shingles, for near-duplicate checks. */
  readonly shingles: Uint32Array;
  readonly cues: Cues;
  /**
   * The judged clauses of the prose (code excluded): clauses with at least
   * `MIN_CLAUSE_WORDS` informative words, with their relevance to the task
   * vocabulary, informative word count and position in the content. An
   * off-task aside inside an otherwise on-task message shows here.
   */
  readonly clauses: readonly Clause[];
  /**
   * The speaker's most similar message among its last `OWN_LOOKBACK`
   * (Jaccard over shingles; `exact` when the texts are equal up to
   * whitespace), or null.
   */
  readonly selfRepeat: { readonly sim: number; readonly exact: boolean; readonly of: MessageView } | null;
}

/**
 * The shared, bounded state of one monitored conversation: agents, a window
 * of recent messages, the task vocabulary and the world's progress. The
 * monitor set owns one and feeds it every event before the monitors look.
 */
export class Conversation {
  readonly agents = new Map<string, AgentView>();
  readonly topic = new TopicModel();
  /** The last `window` agent messages, oldest first. */
  readonly recent: MessageView[] = [];
  /** The loop monitor's `repeat` threshold (set by the monitor set), shared by every monitor's repeat rule. */
  repeatThreshold = REPEAT_SIMILARITY;
  /** Latest goal progress in [0, 1] from `env.update`, and the turn it last rose. */
  progress: number | null = null;
  progressRoseAt = 0;

  constructor(readonly window: number) {}

  addAgent(e: EventOf<'agent.spawn'>): void {
    const names = [e.agent.toLowerCase(), e.role.name.toLowerCase()];
    this.agents.set(e.agent, { id: e.agent, role: e.role, goal: e.goal, acts: actsOfRoleCard(e.role), names });
    this.othersOf.clear();
    // Talking about teammates is talking about the task.
    this.topic.anchorTokens(contentTokens(words(`${e.agent} ${e.role.name}`)), 1);
    this.topic.anchorTokens(contentTokens(words(e.goal.statement)), 1);
    for (const c of e.goal.successCriteria) this.topic.anchorTokens(contentTokens(words(c)), 1);
  }

  /** Build the view of a message; agent messages enter the window, world notes extend the task vocabulary. */
  addMessage(e: EventOf<'message'>): MessageView {
    const agent = this.agents.get(e.from) ?? null;
    const text = analyzeText(e.content);
    const tokens = text.tokens;
    const parts = agent ? text.clauses.map((c) => this.judge(c.tokens, c.at)) : [];
    const clauses: Clause[] = [];
    for (const c of parts) if (c.relevance !== null) clauses.push({ relevance: c.relevance, words: c.words, at: c.at });
    // The declared act is compared by the role monitor; repeats are judged on what was said.
    const shingles = agent ? shingleSet(text.said) : NO_SHINGLES;
    let selfRepeat: MessageView['selfRepeat'] = null;
    // "Okay." twice is two acknowledgements, not a loop: repeats need a few words to mean anything.
    if (agent && tokens.length >= MIN_REPEAT_WORDS) {
      let own = 0;
      for (let i = this.recent.length - 1; i >= 0 && own < OWN_LOOKBACK; i--) {
        const r = this.recent[i]!;
        if (r.from !== e.from) continue;
        own++;
        const sim = jaccard(shingles, r.shingles);
        const exact = sim === 1 && squash(r.content) === squash(e.content);
        if (sim > (selfRepeat?.sim ?? 0) || (exact && !selfRepeat?.exact)) selfRepeat = { sim, exact, of: r };
      }
    }
    const view: MessageView = {
      seq: e.seq,
      tick: e.tick,
      from: e.from,
      to: e.to,
      content: e.content,
      agent,
      tokens,
      shingles,
      cues: agent ? readCues(e.content) : NO_CUES,
      clauses,
      selfRepeat,
    };
    if (agent) {
      // Clauses that are not off-task teach the task vocabulary.
      for (const c of parts) if (c.relevance !== null && c.relevance >= OFF_TASK_RELEVANCE) this.topic.anchorTokens(c.tokens, ABSORB_WEIGHT);
      this.recent.push(view);
      if (this.recent.length > this.window) this.recent.shift();
    } else {
      // The world speaks about the task by definition (boards, job names, notes).
      this.topic.anchorTokens(tokens, 1);
    }
    return view;
  }

  /** A clause's relevance (null when it has too few informative words to judge). */
  private judge(tokens: string[], at: number): { tokens: string[]; relevance: number | null; words: number; at: number } {
    const { informative, relevance } = this.topic.judge(tokens);
    return { tokens, relevance: informative >= MIN_CLAUSE_WORDS ? relevance : null, words: informative, at };
  }

  onEnv(e: EventOf<'env.update'>): void {
    if (this.progress === null || e.progress > this.progress) this.progressRoseAt = e.tick;
    this.progress = e.progress;
  }

  /** The agent messages in the window before `m`, newest first. */
  *before(m: MessageView): Generator<MessageView> {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const r = this.recent[i]!;
      if (r.seq < m.seq) yield r;
    }
  }

  /** The most recent agent message before `m` from someone other than `m`'s speaker. */
  previousFromOther(m: MessageView): MessageView | null {
    for (const r of this.before(m)) if (r.from !== m.from) return r;
    return null;
  }

  private readonly othersOf = new Map<string, AgentView[]>();

  /** Agents other than `id` (cached until an agent joins). */
  others(id: string): AgentView[] {
    let out = this.othersOf.get(id);
    if (!out) {
      out = [...this.agents.values()].filter((a) => a.id !== id);
      this.othersOf.set(id, out);
    }
    return out;
  }
}
