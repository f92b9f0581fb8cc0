import { fileURLToPath } from 'node:url';
import { Command } from '@commander-js/extra-typings';
import { UserError } from '../../core/errors.ts';
import { benches } from '../../bench/benches.ts';
import { childJson } from '../../bench/childJson.ts';

/** `troupe bench` (`npm run bench`): speed figures, as a table or one JSON object. */
export function benchCommand() {
  return new Command('bench')
    .description('Run the benchmarks and print their figures.')
    .option('--only <names>', `comma-separated subset of: ${Object.keys(benches).join(', ')}`)
    .option('--json', 'print one JSON object')
    .action(async (flags) => {
      const names = flags.only ? flags.only.split(',').map((s) => s.trim()) : Object.keys(benches);
      for (const n of names) if (!benches[n]) throw new UserError(`Unknown bench "${n}" (known: ${Object.keys(benches).join(', ')}).`);
      const results: Record<string, Record<string, number>> = {};
      for (const name of names) {
        if (!flags.json) process.stderr.write(`bench ${name}: ${benches[name]!.describe} …\n`);
        results[name] = names.length === 1 ? await (await benches[name]!.run())() : inFreshProcess(name);
        if (!flags.json) {
          process.stdout.write(`${name}\n`);
          for (const [k, v] of Object.entries(results[name]!)) process.stdout.write(`  ${k.padEnd(22)} ${format(v)}\n`);
        }
      }
      if (flags.json) process.stdout.write(`${JSON.stringify(results)}\n`);
    });
}

/**
 * Run one bench in a fresh `troupe` process: a bench run after others in the
 * same process inherits their heap and JIT state (shared code such as the
 * runner turns polymorphic), so its figure would depend on what ran before.
 */
function inFreshProcess(name: string): Record<string, number> {
  const cli = fileURLToPath(new URL('../troupe.mjs', import.meta.url));
  return childJson<Record<string, Record<string, number>>>([cli, 'bench', '--only', name, '--json'])[name]!;
}

function format(v: number): string {
  return Number.isInteger(v) ? String(v) : v >= 100 ? v.toFixed(0) : v.toPrecision(3);
}
