import { camelTasks } from '../../agents/camelTasks.ts';
import { defineExperiment } from '../../src/experiment/defineExperiment.ts';
import { parseArm } from '../../src/mitigations/index.ts';

/**
 * The flagship experiment: does restating the goal — or the role — every few
 * turns keep agents on task, and is it more than "any extra message helps"?
 *
 * - worlds: camel-roleplay on each of its five built-in tasks, and relay
 *   (four jobs of the online bookshop) with teams of 3, 4 and 5: 8 instances;
 * - arms: no mitigation; goal re-injection every 4 turns; a CAMEL-style role
 *   reminder every 4 turns; a placebo with the goal re-injection's schedule and
 *   note lengths but neutral text (`placebo:like=goal-reinject,k=4`);
 * - 100 seeds per instance, the same for every arm (paired design).
 *
 * What the synthetic agents' documented dynamics predict (src/policies/synthetic/README.md):
 * goal notes reset goal salience, so fewer flakes, drift and loops; role
 * reminders reset role anchoring, so fewer role flips; the placebo changes no
 * feature of the model. The table is read from the recorded runs.
 *
 * Run it: `troupe sweep persistent-goals` (results in runs/persistent-goals/).
 */
export const persistentGoals = defineExperiment({
  name: 'persistent-goals',
  description: 'Goal re-injection and role reminders against no mitigation and a matched placebo, on camel-roleplay and relay.',
  worlds: [
    { world: 'camel-roleplay', instances: camelTasks.map((t) => ({ task: t.id })) },
    // Relay's projects differ only in their names, so team sizes make the instances.
    { world: 'relay', instances: [3, 4, 5].map((team) => ({ project: 'online bookshop', team, jobs: 4 })) },
  ],
  arms: [
    'none',
    { name: 'goal-reinject', mitigations: parseArm('goal-reinject:k=4') },
    { name: 'role-reminder', mitigations: parseArm('role-reminder:every=4') },
    { name: 'placebo', mitigations: parseArm('placebo:like=goal-reinject,k=4') },
  ],
  seeds: '1..100',
  passK: [1, 4],
});
