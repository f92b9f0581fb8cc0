/**
 * Word-level text features shared by every monitor. Kept dependency-free and
 * allocation-light: monitors run on every message, inside a 20 µs budget.
 */

/**
 * Function words and conversation boilerplate that say nothing about the topic.
 * Format words (`solution`, `instruction`, `input`, `request`, `action`) are
 * here too: every on-task CAMEL or relay message carries them, so they must
 * neither make a message look on-task nor make two messages look alike.
 */
const STOP = new Set(
  (
    'a an the and or but if then else of to in on at by for with from into onto over under as is are was were be been being ' +
    'am do does did doing have has had having it its this that these those there here i me my mine we us our you your yours ' +
    'he she they them their his her him what which who whom whose when where why how all any both each few more most other ' +
    'some such no nor not only own same so than too very can will just should would could shall may might must now also ' +
    'about again further once up down out off above below between through during before after until while because ' +
    'let lets ll ve re s t d m o y don didn doesn isn aren wasn weren won wouldn shouldn couldn ok okay yes yeah ' +
    'solution instruction input request next none action please thanks thank against ones one included including ' +
    'since rather without across via yet like instead whether unless based either neither per upon within onto already still even ever never'
  ).split(' '),
);

const WORD = /[a-z0-9]+(?:'[a-z]+)?/g;

/** Lower-cased word tokens (letters, digits, one inner apostrophe). */
export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/**
 * A light suffix stripper (not Porter): enough to make `signals`/`signal`,
 * `computed`/`compute`/`computing` meet, cheap enough for every message.
 */
export function stem(word: string): string {
  const n = word.length;
  if (n <= 4) return word;
  if (word.endsWith('ies') && n > 5) return word.slice(0, -3) + 'y';
  if (word.endsWith('ing') && n > 6) return word.slice(0, -3);
  if (word.endsWith('ed') && n > 5) return word.slice(0, -2);
  if (word.endsWith('es') && n > 5 && /(?:ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  if (word.endsWith('e') && n > 5) return word.slice(0, -1);
  return word;
}

/** Topic-bearing tokens of a text: words minus stopwords, apostrophe suffixes and pure numbers, stemmed. */
export function contentTokens(allWords: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of allWords) {
    const t = contentToken(raw);
    if (t !== null) out.push(t);
  }
  return out;
}

const tokenCache = new Map<string, string | null>();

/** The topic token of one lower-cased word, or null (stopword, number, too short); memoised, since words recur. */
export function contentToken(raw: string): string | null {
  let t = tokenCache.get(raw);
  if (t !== undefined) return t;
  const w = raw.includes("'") ? raw.slice(0, raw.indexOf("'")) : raw;
  t = w.length < 2 || STOP.has(w) || /^\d+$/.test(w) ? null : stem(w);
  // Bounded memory: the cache is a speed-up only, so dropping it changes no result.
  if (tokenCache.size >= 50_000) tokenCache.clear();
  tokenCache.set(raw, t);
  return t;
}
