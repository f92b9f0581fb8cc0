import { Command } from '@commander-js/extra-typings';
import { listWorlds } from '../../world/index.ts';

/** `troupe worlds`: the built-in worlds with a one-line description. */
export function worldsCommand() {
  return new Command('worlds').description('List the built-in worlds.').action(() => {
    const worlds = listWorlds();
    const width = Math.max(...worlds.map((w) => w.id.length));
    for (const w of worlds) process.stdout.write(`${w.id.padEnd(width)}  ${w.description}\n`);
  });
}
