import { camelTasks, type CamelTask } from '../../agents/camelTasks.ts';
import type { ChatMessage } from '../../src/core/chat.ts';
import { statsOf, type RunStats } from './calibrationStats.ts';
import { goalNote, loopBreaker, placebo, roleReminder } from './contexts.ts';
import { simulateCamel } from './simulate.ts';

/**
 * The "Mitigation arms" table of src/policies/synthetic/README.md: the 200
 * camel runs of the calibration (`camelRuns`: the five built-in tasks in turn,
 * seeds 1000–1199, default parameters, 24-entry window) once per arm, each arm
 * putting its note (the test notes of `contexts.ts`) into the speaker's
 * context just before every 4th turn after turn 6 (turns 8, 12, 16, …; with
 * camel's round-robin these are the assistant's turns, so only the assistant
 * is ever noted). Arm `none` is the calibration runs themselves.
 */
export const ARMS = {
  none: null,
  placebo: () => placebo(),
  'goal re-injection': goalNote,
  'role reminder': roleReminder,
  'loop breaker': () => loopBreaker(),
} as const satisfies Record<string, ((task: CamelTask, agent: string) => ChatMessage) | null>;

export type Arm = keyof typeof ARMS;

export const noteTurn = (turn: number): boolean => turn > 6 && turn % 4 === 0;

export function armRuns(arm: Arm, runs = 200): RunStats {
  const note = ARMS[arm];
  return statsOf(
    Array.from({ length: runs }, (_, s) => {
      const task = camelTasks[s % camelTasks.length]!;
      return simulateCamel(task, {
        seed: 1000 + s,
        ...(note ? { notes: (agent: string, turn: number) => (noteTurn(turn) ? [note(task, agent)] : []) } : {}),
      });
    }),
  );
}

/** Every arm's statistics; `none` may be passed in when the caller already has the calibration runs' statistics. */
export function mitigationArms(runs = 200, none?: RunStats): Record<Arm, RunStats> {
  return Object.fromEntries(
    (Object.keys(ARMS) as Arm[]).map((arm) => [arm, arm === 'none' && none ? none : armRuns(arm, runs)]),
  ) as Record<Arm, RunStats>;
}
