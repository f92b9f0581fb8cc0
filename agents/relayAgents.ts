import type { AgentSpecInput } from '../src/core/specs.ts';

/** One relay role: its act is the job stage it owns. */
export interface RelayRole {
  readonly id: string;
  readonly name: string;
  readonly act: string;
  readonly description: string;
  readonly duty: string;
}

/** The relay roles in stage order; a team of n uses the first n. */
export const relayRoles: readonly RelayRole[] = [
  { id: 'planner', name: 'Planner', act: 'plan', description: 'You break each job into a concrete plan.', duty: 'Write the plan for the next job that awaits planning.' },
  { id: 'builder', name: 'Builder', act: 'build', description: 'You implement the planned jobs.', duty: 'Build the next job that awaits building, following its plan.' },
  { id: 'tester', name: 'Tester', act: 'test', description: 'You test what was built.', duty: 'Test the next job that awaits testing and report what you found.' },
  { id: 'reviewer', name: 'Reviewer', act: 'review', description: 'You review tested work before release.', duty: 'Review the next job that awaits review.' },
  { id: 'releaser', name: 'Releaser', act: 'release', description: 'You ship reviewed work.', duty: 'Release the next job that awaits release.' },
];

/** Agent specs for a relay team of `size` (3–5) working on `project`. */
export function relayAgents(size: number, project: string): AgentSpecInput[] {
  const team = relayRoles.slice(0, size);
  return team.map((r) => ({
    id: r.id,
    role: {
      name: r.name,
      description: r.description,
      duties: [r.duty, 'Say briefly what you did, then give your action.'],
      forbidden: team.filter((o) => o.id !== r.id).map((o) => `Never ${o.act} a job: that is the ${o.name}'s work.`),
      acts: [r.act],
    },
    goal: {
      statement: `Deliver every job of the ${project} project by doing your part: ${r.act} each job when it is your turn.`,
      successCriteria: ['Every job passes through plan, build, test' + (size > 3 ? ', review' : '') + (size > 4 ? ', release' : '') + ' in order.', 'No job is broken by work outside its role.'],
    },
  }));
}

/** World instructions shared by every relay agent. */
export function relayInstructions(project: string, acts: readonly string[]): string {
  return `Project: ${project}. Jobs move through the stages ${acts.join(' → ')}; each stage belongs to one role. The world posts the board after every action. End every message with one line "ACTION: <act>" where <act> is one of ${[...acts, 'wait'].join(', ')}. An act outside your role breaks the job and sends it back to planning.`;
}
