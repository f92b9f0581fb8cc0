import { camelRoleplay } from './camelRoleplay.ts';
import { relay } from './relay.ts';

export { camelRoleplay } from './camelRoleplay.ts';
export { relay } from './relay.ts';

/** The worlds troupe ships, by id. */
export const builtInWorlds = [camelRoleplay, relay] as const;
