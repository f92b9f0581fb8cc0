import { z } from 'zod';
import { relayAgents, relayInstructions, relayRoles } from '../agents/relayAgents.ts';
import type { AgentSpec } from '../src/core/specs.ts';
import { defineWorld } from '../src/world/defineWorld.ts';
import { moderator, roundRobin, simultaneous } from '../src/world/schedulers.ts';
import { goalReached } from '../src/world/termination.ts';
import type { EnvOutcome, Scheduler } from '../src/world/types.ts';

/** Projects and their features; a run's jobs are the features of one project, in order. */
const projects: Record<string, readonly string[]> = {
  'online bookshop': ['login form', 'search index', 'shopping cart', 'csv export', 'order history', 'payment page', 'review stars'],
  'weather service': ['forecast api', 'city lookup', 'rain alerts', 'radar map', 'unit settings', 'daily digest', 'storm history'],
  'team chat': ['message list', 'file upload', 'user mentions', 'read receipts', 'channel search', 'emoji picker', 'push alerts'],
};
const projectNames = Object.keys(projects) as [string, ...string[]];

/** Work-in-progress limit: at most this many jobs are started and unfinished (keeps state and board bounded). */
const WIP = 3;

const RelayParamsSchema = z.object({
  team: z.number().int().min(3).max(5).default(4),
  jobs: z.number().int().min(1).max(10_000_000).default(3),
  project: z.enum(projectNames).nullable().default(null),
  scheduler: z.enum(['moderator', 'round-robin', 'simultaneous']).default('moderator'),
  /** Chance that a test finds a bug and sends the job back to build (world randomness, not agent failure). */
  testFailRate: z.number().min(0).max(1).default(0.15),
});
type RelayParams = z.infer<typeof RelayParamsSchema>;

interface Job {
  readonly n: number;
  /** Index of the awaited act (0 = plan). */
  readonly stage: number;
}
interface RelayState {
  readonly project: string;
  readonly acts: readonly string[];
  readonly total: number;
  /** Jobs finished (all of them before `next` that are not active). */
  readonly done: number;
  /** Number of the next job not yet started. */
  readonly next: number;
  /** Started, unfinished jobs in job order (≤ WIP). */
  readonly active: readonly Job[];
  readonly broken: number;
  readonly testFailRate: number;
}

const ActionSchema = z.object({ type: z.enum(['plan', 'build', 'test', 'review', 'release', 'wait']) });
type RelayAction = z.infer<typeof ActionSchema>;

const titleOf = (state: RelayState, n: number): string => {
  const features = projects[state.project]!;
  const round = Math.floor(n / features.length);
  return `${features[n % features.length]}${round ? ` v${round + 1}` : ''}`;
};
const label = (state: RelayState, n: number): string => `job-${n + 1} ("${titleOf(state, n)}")`;

const board = (state: RelayState): string => {
  const parts = state.active.map((j) => `job-${j.n + 1} "${titleOf(state, j.n)}" awaiting ${state.acts[j.stage]}`);
  if (state.next < state.total && state.active.length < WIP) parts.push(`job-${state.next + 1} "${titleOf(state, state.next)}" awaiting plan`);
  const queued = state.total - state.next - (state.next < state.total && state.active.length < WIP ? 1 : 0);
  return `Board: ${parts.length ? parts.join('; ') : 'no open jobs'}; ${queued} queued; ${state.done} done.`;
};

/** Where a job awaiting `act` is: an active job, or (for the first act) the next queued job. */
function awaiting(state: RelayState, act: string): { kind: 'active'; index: number } | { kind: 'queued' } | null {
  const stage = state.acts.indexOf(act);
  const index = state.active.findIndex((j) => j.stage === stage);
  if (index >= 0) return { kind: 'active', index };
  if (stage === 0 && state.next < state.total && state.active.length < WIP) return { kind: 'queued' };
  return null;
}

/** Move job `index` of `active` to `stage`; a job past the last stage is done and leaves the board. */
function setStage(state: RelayState, index: number, stage: number): RelayState {
  if (stage >= state.acts.length) return { ...state, done: state.done + 1, active: state.active.filter((_, i) => i !== index) };
  return { ...state, active: state.active.map((j, i) => (i === index ? { ...j, stage } : j)) };
}

function outcome(state: RelayState, ok: boolean, reason: string | null, note: string): EnvOutcome<RelayState> {
  return { state, changed: true, ok, reason, note: `${note}\n${board(state)}` };
}

function applyAction(state: RelayState, action: RelayAction, agent: AgentSpec, failTest: () => boolean): EnvOutcome<RelayState> {
  const act = action.type;
  if (act === 'wait') return outcome(state, true, null, `${agent.id}: waits.`);
  const stage = state.acts.indexOf(act);
  const at = stage < 0 ? null : awaiting(state, act);
  if (!agent.role.acts.includes(act)) {
    // Work outside one's role breaks the job it touches: it goes back to planning.
    const why = `out of role: ${agent.id} may not ${act}`;
    if (!at || at.kind === 'queued') return outcome(state, false, why, `${agent.id} tried to ${act} outside its role; nothing awaited ${act}.`);
    const job = state.active[at.index]!;
    const next = { ...setStage(state, at.index, 0), broken: state.broken + 1 };
    return outcome(next, false, why, `${agent.id} broke ${label(state, job.n)} by acting outside its role; it is back to awaiting ${state.acts[0]}.`);
  }
  if (!at) return outcome(state, false, `nothing awaits ${act}`, `${agent.id}: nothing awaits ${act}.`);
  if (at.kind === 'queued') {
    const started = { ...state, next: state.next + 1, active: [...state.active, { n: state.next, stage: 1 }] };
    return outcome(started, true, null, `${agent.id}: ${act} on ${label(state, state.next)} done.`);
  }
  const job = state.active[at.index]!;
  if (act === 'test' && failTest()) {
    return outcome(setStage(state, at.index, state.acts.indexOf('build')), true, null, `${agent.id}: test on ${label(state, job.n)} found a bug; back to awaiting build.`);
  }
  return outcome(setStage(state, at.index, job.stage + 1), true, null, `${agent.id}: ${act} on ${label(state, job.n)} done.`);
}

function schedulerFor(params: RelayParams): Scheduler<RelayState> {
  if (params.scheduler === 'round-robin') return roundRobin();
  if (params.scheduler === 'simultaneous') return simultaneous();
  // The moderator hands the turn to whoever owns the stage of the first unfinished job.
  return moderator(({ state, agents }) => {
    const stage = state.active[0]?.stage ?? 0;
    const owner = relayRoles.find((r) => r.act === state.acts[stage]);
    return owner && agents.includes(owner.id) ? owner.id : agents[0]!;
  });
}

/**
 * A cooperative relay: a team of 3–5 roles (planner, builder, tester, reviewer,
 * releaser) moves jobs through the stages in order, with a work-in-progress
 * limit. Each stage belongs to one role; an act outside one's role breaks the
 * job it touches and sends it back to planning, so role flips cost measurable
 * goal progress.
 */
export const relay = defineWorld<RelayParams, RelayState, RelayAction>({
  id: 'relay',
  description: 'A team of 3–5 roles moves jobs through plan → build → test → review → release; out-of-role work breaks jobs.',
  params: RelayParamsSchema,
  maxTurns: 60,
  resolveParams: (params, rng) => ({ ...params, project: params.project ?? rng.pick(projectNames) }),
  agents: (params) => relayAgents(params.team, params.project!),
  instructions: (params) => relayInstructions(params.project!, relayRoles.slice(0, params.team).map((r) => r.act)),
  script: (params) =>
    Object.fromEntries(
      relayRoles.slice(0, params.team).map((r) => [r.id, [`${r.name} here: I did the ${r.act} work on the next job.\nACTION: ${r.act}`]]),
    ),
  init: (params) => ({
    project: params.project!,
    acts: relayRoles.slice(0, params.team).map((r) => r.act),
    total: params.jobs,
    done: 0,
    next: 0,
    active: [],
    broken: 0,
    testFailRate: params.testFailRate,
  }),
  opening: board,
  scheduler: schedulerFor,
  actionSchema: ActionSchema,
  parseAction: (content) => {
    const matches = [...content.matchAll(/^ACTION:\s*([A-Za-z]+)\s*$/gm)];
    const last = matches.at(-1);
    return last ? { type: last[1]!.toLowerCase() } : null;
  },
  apply: (state, action, agent, rng) => applyAction(state, action, agent, () => rng.chance(state.testFailRate)),
  progress: (state) =>
    (state.done * state.acts.length + state.active.reduce((sum, j) => sum + j.stage, 0)) / (state.total * state.acts.length),
  termination: () => [goalReached(1)],
});
