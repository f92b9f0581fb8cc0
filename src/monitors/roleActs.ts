import type { RoleCard } from '../core/specs.ts';

/**
 * The canonical act vocabulary monitors judge role flips against, with the
 * words that name each act in role cards and free-text role descriptions.
 * Cards may use any synonym (`code`, `implement`, `verify`); monitors compare
 * canonical acts.
 */
export const CANONICAL_ACTS = ['instruct', 'solve', 'plan', 'build', 'test', 'review', 'release'] as const;
export type CanonicalAct = (typeof CANONICAL_ACTS)[number];

const SYNONYMS: Record<CanonicalAct, RegExp> = {
  instruct: /^(?:instruct\w*|direct\w*|ask\w*|user)$/,
  solve: /^(?:solv\w*|solution\w*|answer\w*|assist\w*)$/,
  plan: /^(?:plan\w*|coordinat\w*|delegat\w*|orchestrat\w*|manag\w*|architect\w*|design\w*)$/,
  build: /^(?:build\w*|cod(?:e|er|ing)|implement\w*|develop\w*|program\w*|engineer\w*)$/,
  test: /^(?:test\w*|verif\w*|qa|validat\w*|check\w*)$/,
  review: /^(?:review\w*|critic\w*|critique\w*|audit\w*)$/,
  release: /^(?:releas\w*|deploy\w*|ship\w*|publish\w*)$/,
};

/** The canonical act a word names, or null. */
export function canonicalAct(word: string): CanonicalAct | null {
  const w = word.toLowerCase();
  for (const act of CANONICAL_ACTS) if (SYNONYMS[act].test(w)) return act;
  return null;
}

/**
 * The canonical acts a role owns: its card's `acts` mapped through the
 * synonyms; when none of them is canonical (a free-text role from a foreign
 * transcript), the acts named by the words of its name.
 *
 * @example actsOfRoleCard({ name: 'Coder', acts: ['speak'], … }) // Set { 'build' }
 */
export function actsOfRoleCard(role: RoleCard): Set<CanonicalAct> {
  const out = new Set<CanonicalAct>();
  for (const a of role.acts) {
    const c = canonicalAct(a);
    if (c) out.add(c);
  }
  if (out.size === 0) for (const w of role.name.split(/[^A-Za-z]+/)) {
    const c = canonicalAct(w);
    if (c) out.add(c);
  }
  return out;
}

/**
 * Acts named in a free-text role description, first by the role's name, then
 * by the description; for building role cards from foreign transcripts.
 *
 * @example inferActs('Coder', 'Writes the Python implementation') // ['build']
 */
export function inferActs(name: string, description: string): CanonicalAct[] {
  for (const text of [name, description]) {
    const found = new Set<CanonicalAct>();
    for (const w of text.split(/[^A-Za-z]+/)) {
      const c = canonicalAct(w);
      if (c) found.add(c);
    }
    if (found.size > 0) return [...found];
  }
  return [];
}
