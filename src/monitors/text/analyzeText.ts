import { contentToken } from './tokenize.ts';

/** The token streams of one message, from a single pass over its text. */
export interface TextTokens {
  /** Topic tokens of the whole text. */
  readonly tokens: string[];
  /** Topic tokens without `ACTION:` lines (what was said, for repeat checks). */
  readonly said: string[];
  /** Prose clauses (code excluded), split at . ! ? ; : , and newlines, with their start offsets. */
  readonly clauses: { readonly tokens: string[]; readonly at: number }[];
}

const WORD = /[a-z0-9]+(?:'[a-z]+)?/g;
const FENCED = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;
const ACTION_LINE = /^[ \t]*ACTION:.*$/gm;

/** Offsets [start, end) of the matches of `re` in `text`. */
function ranges(re: RegExp, text: string): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m.index, m.index + m[0].length);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/** Does the gap text[from, to) between two words end a clause: a newline, or . ! ? ; : , followed by whitespace? */
function endsClause(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return true;
    // . ! ? ; : ,  followed by whitespace (so "job-2", "0.5" and "e.g" do not split)
    if ((c === 46 || c === 33 || c === 63 || c === 59 || c === 58 || c === 44) && i + 1 < to) {
      const n = text.charCodeAt(i + 1);
      if (n === 32 || n === 10 || n === 9 || n === 13) return true;
    }
  }
  return false;
}

/**
 * Tokenise a message once and route each token: to the whole-text stream,
 * to the "said" stream unless it is on an `ACTION:` line, and to its prose
 * clause unless it is inside code. Linear in the text length.
 */
export function analyzeText(content: string): TextTokens {
  const lower = content.toLowerCase();
  const code = content.includes('`') ? ranges(FENCED, content) : [];
  const action = content.includes('ACTION:') ? ranges(ACTION_LINE, content) : [];
  const tokens: string[] = [];
  const said: string[] = [];
  const clauses: { tokens: string[]; at: number }[] = [];
  let current: { tokens: string[]; at: number } | null = null;
  let ci = 0;
  let ai = 0;
  let prevEnd = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) {
    const at = m.index;
    const boundary = at > prevEnd && endsClause(lower, prevEnd, at);
    prevEnd = at + m[0].length;
    if (boundary) current = null;
    const t = contentToken(m[0]);
    if (t === null) continue;
    tokens.push(t);
    while (ai < action.length && action[ai + 1]! <= at) ai += 2;
    if (!(ai < action.length && action[ai]! <= at)) said.push(t);
    while (ci < code.length && code[ci + 1]! <= at) ci += 2;
    if (ci < code.length && code[ci]! <= at) continue;
    if (current === null) {
      current = { tokens: [], at };
      clauses.push(current);
    }
    current.tokens.push(t);
  }
  return { tokens, said, clauses };
}
