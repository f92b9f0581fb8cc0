import { z } from 'zod';
import { defineMitigation } from './defineMitigation.ts';
import { scheduledNotes } from './scheduledNotes.ts';

/** The perturbation: asks for the next concrete step or a summary of progress (what breaks a loop's persistence). */
export const LOOP_BREAKER_NOTE =
  'This conversation is going in circles. Reply with the next concrete step toward the goal, or a summary of progress so far.';

/** What it acts on: one source for `reactsTo` and the schedule, so the check matches what runs. */
const LOOP_FLAGS = ['infinite-loop'];

/**
 * Loop breaker: on an infinite-loop flag, perturb (a note to the flagged
 * agent, or to every agent when the loop spans several), or stop the run
 * (reason `stopped-by-mitigation`, detail `loop-breaker: …`). With
 * `action=stop,stopAfter=n` it perturbs n times and stops at the next flag.
 *
 * @example mitigationPlugins([{ kind: 'loop-breaker', params: { action: 'stop', stopAfter: 2 } }])
 */
export const loopBreaker = defineMitigation({
  kind: 'loop-breaker',
  summary: 'on infinite-loop flags, ask for the next concrete step / a summary of progress, or stop the run',
  notesOnly: true,
  schema: z
    .object({
      action: z.enum(['perturb', 'stop']).default('perturb').describe('perturb (a note) or stop the run (default perturb)'),
      stopAfter: z.number().int().min(0).optional().describe('with action=stop: perturb this many times before stopping (default 0)'),
    })
    .strict(),
  check: (p) => (p.action === 'perturb' && p.stopAfter !== undefined ? 'parameter "stopAfter" needs action=stop' : null),
  reactsTo: () => LOOP_FLAGS,
  create: (p, api) => {
    const perturb = scheduledNotes(api, { every: 0, flags: LOOP_FLAGS }, () => LOOP_BREAKER_NOTE);
    if (p.action === 'perturb') return perturb;
    let perturbations = p.stopAfter ?? 0;
    let stopped = false;
    return (event) => {
      if (stopped) return;
      if (event.type === 'flag' && event.monitor === 'infinite-loop' && perturbations-- === 0) {
        stopped = true;
        return api.stop(`infinite loop: ${event.explanation}`, `flag:infinite-loop@${event.seq}`);
      }
      perturb(event);
    };
  },
});
