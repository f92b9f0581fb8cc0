import { Command } from '@commander-js/extra-typings';
import { UserError } from '../../core/errors.ts';
import { benches } from '../../bench/benches.ts';

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
        const bench = await benches[name]!.run();
        results[name] = await bench();
        if (!flags.json) {
          process.stdout.write(`${name}\n`);
          for (const [k, v] of Object.entries(results[name]!)) process.stdout.write(`  ${k.padEnd(22)} ${format(v)}\n`);
        }
      }
      if (flags.json) process.stdout.write(`${JSON.stringify(results)}\n`);
    });
}

function format(v: number): string {
  return Number.isInteger(v) ? String(v) : v >= 100 ? v.toFixed(0) : v.toPrecision(3);
}
