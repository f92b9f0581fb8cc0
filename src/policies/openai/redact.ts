/** What replaces a secret in any text troupe keeps. */
export const REDACTED = '[redacted]';

// Bearer tokens and OpenAI-style keys (`sk-…`, `sk-proj-…`), also the partially masked
// form OpenAI echoes in 401 bodies ("Incorrect API key provided: sk-abc***xyz").
const KEY_SHAPES = [/Bearer\s+[^\s"',;]+/gi, /\bsk-[A-Za-z0-9_*-]{4,}/g];

/**
 * Remove `secret` (and anything shaped like an API key or bearer token) from
 * `text`. Every string that leaves the OpenAI policy goes through here, so a
 * key echoed by a server in an error body never reaches a run file.
 *
 * @example redactSecret('401 Incorrect API key provided: sk-abc***xyz', 'sk-abcdefxyz') // '401 Incorrect API key provided: [redacted]'
 */
export function redactSecret(text: string, secret: string | null): string {
  let out = removeSecret(text, secret);
  for (const shape of KEY_SHAPES) out = out.replace(shape, REDACTED);
  return out;
}

/** `text` with every occurrence of `secret` itself replaced (nothing else: key-shaped text a model writes is its reply). */
export function removeSecret(text: string, secret: string | null): string {
  // Short "secrets" (e.g. a placeholder like "x") would shred ordinary text; keys are long.
  return secret && secret.length >= 8 ? text.split(secret).join(REDACTED) : text;
}

/**
 * The base URL as troupe records it: scheme, host, port and path — never
 * user info or query (both can carry credentials, e.g. Azure's `?api-key=`).
 */
export function publicBaseUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(invalid url)';
  }
}
