/** Small, deterministic text features shared by the worlds and the synthetic policy (the monitors tokenise on their own, so scoring them on synthetic text is not circular). */

const STOPWORDS = new Set(
  'a an and are as at be been but by can do does for from has have he her his how i if in into is it its me my not of on or our she so that the their them then there these they this to was we were what when which who will with you your yours us also each one per any all use using new next'.split(' '),
);

/** A crude plural stem, so "prices" meets "price" without a stemmer dependency. */
function stem(word: string): string {
  return word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word;
}

/** Lower-case, stemmed content words (letters and digits, length ≥ 3, no stopwords). */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (raw.length >= 3 && !STOPWORDS.has(raw)) out.push(stem(raw));
  }
  return out;
}

/** First letter upper-cased. */
export function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** First letter lower-cased. */
export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Share of `reference` content words that appear in `text` (0 when reference has none). */
export function coverage(reference: string, text: string): number {
  const ref = new Set(contentWords(reference));
  if (ref.size === 0) return 0;
  const words = new Set(contentWords(text));
  let hit = 0;
  for (const w of ref) if (words.has(w)) hit++;
  return hit / ref.size;
}
