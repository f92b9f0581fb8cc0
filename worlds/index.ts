import { fileURLToPath } from 'node:url';
import { camelRoleplay } from './camelRoleplay.ts';
import { relay } from './relay.ts';

export { camelRoleplay } from './camelRoleplay.ts';
export { relay } from './relay.ts';

/** The worlds troupe ships, by id. */
export const builtInWorlds = [camelRoleplay, relay] as const;

/** Each built-in world's module file (its source is hashed into run headers), registered next to the world. */
export const builtInWorldFiles: Readonly<Record<string, string>> = {
  [camelRoleplay.id]: fileURLToPath(new URL('./camelRoleplay.ts', import.meta.url)),
  [relay.id]: fileURLToPath(new URL('./relay.ts', import.meta.url)),
};
