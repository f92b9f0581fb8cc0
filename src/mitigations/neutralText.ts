/**
 * A neutral passage: no goal, no role ("you are …"), no request for a step or
 * a summary, no task words — so a note made of it changes nothing a model
 * should care about.
 */
const PASSAGE =
  'Note: this conversation is archived for later reading. The archive keeps messages in order and stores them as plain text. ';

/**
 * Neutral text of exactly `length` characters: the passage repeated and cut
 * at a word boundary, padded with dots.
 *
 * @example neutralText(40).length // 40
 */
export function neutralText(length: number): string {
  if (length <= 0) return '';
  const text = PASSAGE.repeat(Math.ceil(length / PASSAGE.length) + 1).slice(0, length);
  if (text.length < length || /\s$/.test(text) || PASSAGE.charAt(length % PASSAGE.length) === ' ') return text.padEnd(length, '.');
  // Do not end on a cut word: dots instead of the partial word.
  const cut = text.lastIndexOf(' ');
  return cut < 0 ? '.'.repeat(length) : text.slice(0, cut + 1).padEnd(length, '.');
}
