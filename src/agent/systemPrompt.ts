import type { Goal, RoleCard } from '../core/specs.ts';

/** A teammate as the agent is told about it. */
export interface TeamEntry {
  readonly id: string;
  readonly role: RoleCard;
}

/**
 * The system prompt of every policy call. The role card and goal are restated
 * in every call (not only the first), so persistence is the engine's job, not
 * the model's memory. The layout is fixed and line-oriented: real models read
 * it as prose, the synthetic policy parses it (see `parseSystemPrompt`).
 */
export function systemPrompt(self: string, role: RoleCard, goal: Goal, team: readonly TeamEntry[], instructions: string): string {
  const lines = [
    `You are ${self}, the ${role.name}. ${role.description}`,
    'Your duties:',
    ...role.duties.map((d) => `- ${d}`),
    'You must never:',
    ...(role.forbidden.length ? role.forbidden.map((f) => `- ${f}`) : ['- (nothing listed)']),
    `Your acts: ${role.acts.join(', ')}`,
    `Your goal: ${goal.statement}`,
    'Success criteria:',
    ...(goal.successCriteria.length ? goal.successCriteria.map((c) => `- ${c}`) : ['- (none listed)']),
    'Team:',
    ...team.map((t) => `- ${t.id}: the ${t.role.name}; acts: ${t.role.acts.join(', ')}`),
    'World instructions:',
    instructions,
  ];
  return lines.join('\n');
}

/** What `parseSystemPrompt` recovers from a system prompt. */
export interface ParsedSystemPrompt {
  readonly self: string;
  readonly roleName: string;
  readonly acts: readonly string[];
  readonly goal: string;
  readonly criteria: readonly string[];
  readonly team: readonly { id: string; roleName: string; acts: readonly string[] }[];
  readonly instructions: string;
}

/** Inverse of `systemPrompt`, for policies that read the prompt as text. Returns null for a foreign prompt. */
export function parseSystemPrompt(text: string): ParsedSystemPrompt | null {
  const lines = text.split('\n');
  const head = /^You are (\S+), the (.+?)\. /.exec(lines[0] ?? '');
  if (!head) return null;
  const section = (title: string): string[] => {
    const start = lines.indexOf(title);
    if (start < 0) return [];
    const out: string[] = [];
    for (let i = start + 1; i < lines.length && lines[i]!.startsWith('- '); i++) out.push(lines[i]!.slice(2));
    return out;
  };
  const acts = lines.find((l) => l.startsWith('Your acts: '))?.slice('Your acts: '.length).split(', ') ?? [];
  const goal = lines.find((l) => l.startsWith('Your goal: '))?.slice('Your goal: '.length) ?? '';
  const team = section('Team:').flatMap((entry) => {
    const m = /^(\S+): the (.+); acts: (.*)$/.exec(entry);
    return m ? [{ id: m[1]!, roleName: m[2]!, acts: m[3]!.split(', ') }] : [];
  });
  const at = lines.indexOf('World instructions:');
  return {
    self: head[1]!,
    roleName: head[2]!,
    acts,
    goal,
    criteria: section('Success criteria:').filter((c) => c !== '(none listed)'),
    team,
    instructions: at >= 0 ? lines.slice(at + 1).join('\n') : '',
  };
}
