import { contentWords } from '../../core/text.ts';

/**
 * Word sets for the synthetic model's reading of its context. Built on the
 * project's shared `contentWords` (the same stems the worlds credit steps
 * with), minus the protocol words every message carries, so two messages do
 * not look alike just because both say "Solution: … Next request."
 */

const PROTOCOL = new Set(['instruction', 'solution', 'input', 'none', 'request', 'action', 'wait', 'camel']);

/** The text without a trailing `ACTION: <act>` line (relay messages), so repeats are judged on what was said. */
export function bodyOf(text: string): string {
  const at = text.lastIndexOf('\nACTION:');
  return at >= 0 ? text.slice(0, at) : text.startsWith('ACTION:') ? '' : text;
}

/** Distinct content words of a message body, protocol words removed. */
export function wordSet(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of contentWords(bodyOf(text))) if (!PROTOCOL.has(w)) out.add(w);
  return out;
}

/** Jaccard similarity of two word sets (0 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let both = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const w of small) if (large.has(w)) both++;
  return both / (a.size + b.size - both);
}

/** Share of `reference` words that occur in `words` (0 when reference is empty). */
export function cover(reference: readonly string[], words: ReadonlySet<string>): number {
  if (reference.length === 0) return 0;
  let hit = 0;
  for (const w of reference) if (words.has(w)) hit++;
  return hit / reference.length;
}

export { lowerFirst, upperFirst } from '../../core/text.ts';
