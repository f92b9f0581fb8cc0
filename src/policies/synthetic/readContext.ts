import { parseSystemPrompt, type ParsedSystemPrompt } from '../../agent/systemPrompt.ts';
import type { ChatMessage } from '../../core/chat.ts';
import { contentWords } from '../../core/text.ts';
import { readSpeechAct, type SpeechAct } from './speechActs.ts';
import { Memo } from './memo.ts';
import { lowerFirst, wordSet } from './words.ts';

/**
 * What the synthetic model can know, read from the context only: the system
 * prompt (parsed with `parseSystemPrompt`) and who said what. Nothing here
 * survives between calls except memo tables keyed by text, which change no
 * result.
 */

export type WorldKind = 'camel' | 'relay' | 'generic' | 'foreign';

/** What the system prompt tells the model. */
export interface PromptInfo {
  readonly parsed: ParsedSystemPrompt;
  readonly world: WorldKind;
  /** Matches the phrases that anchor the role, case-insensitively: "you are <self>, the <Role>" and "you are the <Role>". */
  readonly roleAnchor: RegExp;
  /** The task's vocabulary: content words of goal, success criteria and the task/project line. */
  readonly taskWords: ReadonlySet<string>;
  /** The success criteria (CAMEL's steps) and their content words. */
  readonly steps: readonly string[];
  readonly stepWords: readonly (readonly string[])[];
  /** Unstemmed content words of each step and of the title and goal, for writing text. */
  readonly stepTerms: readonly (readonly string[])[];
  readonly goalTerms: readonly string[];
  /** Per step: goal terms that share no word with the step (so failed replies cannot cover it); the last entry is for "no step". */
  readonly fillers: readonly (readonly string[])[];
  /** The task or project title, lower-case first letter ("develop a trading bot …"). */
  readonly title: string;
  /** Teammates' acts by id. */
  readonly teamActs: ReadonlyMap<string, readonly string[]>;
}

export type EntryKind = 'prompt' | 'self' | 'agent' | 'world' | 'note';

/** The context with each entry's kind and lazily computed, memoised features. */
export interface ContextView {
  readonly messages: readonly ChatMessage[];
  readonly info: PromptInfo | null;
  readonly self: string;
  readonly kinds: readonly EntryKind[];
  words(i: number): ReadonlySet<string>;
  act(i: number): SpeechAct;
}

const promptMemo = new Memo<PromptInfo | null>(64);
// Entries recur in call after call as the window slides: read each text once.
const wordMemo = new Memo<Set<string>>();
const actMemo = new Memo<SpeechAct>();
const termMemo = new Memo<readonly string[]>(256);

/** Parse and pre-digest a system prompt; null for a foreign prompt. */
export function readPrompt(text: string): PromptInfo | null {
  return promptMemo.get(text, () => {
    const parsed = parseSystemPrompt(text);
    if (!parsed) return null;
    const ins = parsed.instructions;
    const world: WorldKind =
      (parsed.acts.includes('instruct') || parsed.acts.includes('solve')) && (ins.includes('Instruction:') || ins.includes('Solution:'))
        ? 'camel'
        : ins.includes('ACTION:')
          ? 'relay'
          : 'generic';
    const title = /(?:Task|Project): (.+?)\.(?:\s|$)/.exec(ins)?.[1] ?? parsed.goal.replace(/\.$/, '');
    const stepWords = parsed.criteria.map((c) => [...new Set(contentWords(c))]);
    const goalTerms = terms(title.replace(/^\S+\s+/, '')).filter((t) => !VERBISH.has(t));
    const fillerFor = (stems: readonly string[]): readonly string[] => goalTerms.filter((t) => ![...wordSet(t)].some((w) => stems.includes(w)));
    const taskWords = new Set<string>();
    for (const t of [parsed.goal, title, ...parsed.criteria]) for (const w of wordSet(t)) taskWords.add(w);
    return {
      parsed,
      world,
      roleAnchor: new RegExp(`you are (?:${escape(parsed.self)}, )?the ${escape(parsed.roleName)}`, 'i'),
      taskWords,
      steps: parsed.criteria,
      stepWords,
      // Criteria and task titles open with an imperative verb ("install …", "develop …"): nouns fill templates better.
      stepTerms: parsed.criteria.map((c) => terms(c.replace(/^\S+\s+/, ''))),
      goalTerms,
      fillers: [...stepWords.map(fillerFor), goalTerms],
      title: lowerFirst(title),
      teamActs: new Map(parsed.team.map((t) => [t.id, t.acts])),
    };
  });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const VERBISH = new Set(['teaches', 'build', 'make', 'get', 'help', 'deliver', 'doing', 'develop', 'design', 'write', 'analyse']);

/** Unstemmed, distinct content words of a text (for filling templates with readable words). */
export function terms(text: string): readonly string[] {
  return termMemo.get(text, () => {
    const out = new Set<string>();
    for (const w of text.toLowerCase().split(/[^a-z0-9-]+/)) if (w.length >= 3 && contentWords(w).length === 1) out.add(w);
    return [...out];
  });
}

/** Read the kinds of the context's entries. */
export function readContext(messages: readonly ChatMessage[]): ContextView {
  const first = messages[0];
  const info = first && first.role === 'system' ? readPrompt(first.content) : null;
  const self = info?.parsed.self ?? '';
  const kinds = messages.map((m, i): EntryKind => {
    if (i === 0 && m.role === 'system') return 'prompt';
    if (m.role === 'system') return 'note';
    if (m.name === 'world') return 'world';
    if (m.role === 'assistant' || (self !== '' && m.name === self)) return 'self';
    return 'agent';
  });
  const words: (ReadonlySet<string> | undefined)[] = [];
  const acts: (SpeechAct | undefined)[] = [];
  return {
    messages,
    info,
    self,
    kinds,
    words: (i) => (words[i] ??= wordMemo.get(messages[i]!.content, () => wordSet(messages[i]!.content))),
    act: (i) => (acts[i] ??= actMemo.get(messages[i]!.content, () => readSpeechAct(messages[i]!.content))),
  };
}

/** Index of the last entry before `before` whose kind is `kind` (and, if given, whose name is `name`), or -1. */
export function lastOf(view: ContextView, kind: EntryKind, before = view.messages.length, name: string | null = null): number {
  for (let i = before - 1; i >= 0; i--) {
    if (view.kinds[i] === kind && (name === null || view.messages[i]!.name === name)) return i;
  }
  return -1;
}
