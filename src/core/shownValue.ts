/**
 * A value a user's code returned, as an error message quotes it: JSON, cut at 80 characters ("a function" for a
 * function; its plain text when JSON cannot hold it, e.g. a cycle or a bigint).
 *
 * @example shownValue({ a: 1 }) // '{"a":1}'
 */
export function shownValue(value: unknown): string {
  let text: string;
  try {
    text = (typeof value === 'function' ? 'a function' : JSON.stringify(value)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
