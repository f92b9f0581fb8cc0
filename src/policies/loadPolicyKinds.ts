/**
 * Load (and so register) the policy modules that `kinds` need. The openai
 * module pulls in the SDK, so it is imported only when a run uses it.
 */
export async function loadPolicyKinds(kinds: Iterable<string>): Promise<void> {
  for (const kind of new Set(kinds)) {
    if (kind === 'openai') await import('./openai/index.ts');
  }
}
