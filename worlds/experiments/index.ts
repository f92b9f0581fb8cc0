import { persistentGoals } from './persistentGoals.ts';

export { persistentGoals } from './persistentGoals.ts';

/** The experiments troupe ships, by name (`troupe sweep <name>`). */
export const builtInExperiments = [persistentGoals] as const;
