import { basename } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { UserError } from '../../core/errors.ts';
import { describeChange } from '../../record/forkChange.ts';
import { listRuns, type RunListing } from '../../record/listRuns.ts';

/** What `runs` checks, for --help: a quick look, not verify's full chain check. */
const CHECKS = `
Each file is checked quickly, without hashing its events: the header's hash, Windows (CRLF) line endings, that
the seal is the last line and intact, closes on the last event’s hash and counts as many event lines
as the file holds (an unsealed file: as many as its last event's seq says). A run that fails is listed as DAMAGED,
its seal's figures not trusted. An edit inside an event line is not seen here: \`troupe verify <file>\` checks
every link of the hash chain.`;

/** `troupe runs [dir]`: the runs in runs/ (or the folder named), oldest first. */
export function runsCommand() {
  return new Command('runs')
    .description('List recorded runs: id, world, seed, turns, how they ended, flags raised, and the parent of a fork; damaged files are marked.')
    .argument('[dir]', 'directory of run files, as --dir (default: runs)')
    .option('--dir <dir>', 'directory of run files (default: "runs")')
    .option('--json', 'print one JSON array (each run with its file, and the problems found)')
    .addHelpText('after', CHECKS)
    .action((given, options) => {
      // `troupe runs runs/sweep-x` is what one types after a sweep; --dir is the older spelling.
      if (given !== undefined && options.dir !== undefined && given !== options.dir) throw new UserError(`two folders given (${given} and --dir ${options.dir}): give one.`);
      const flags = { ...options, dir: given ?? options.dir ?? 'runs' };
      const { runs, skipped, subdirs } = listRuns(flags.dir);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(runs)}\n`);
        return;
      }
      if (runs.length === 0) process.stdout.write(`No runs in ${flags.dir}${subdirs.length ? ' itself' : ''}.\n`);
      else process.stdout.write(table(runs));
      for (const r of runs.filter((r) => r.damaged)) {
        process.stdout.write(`DAMAGED ${r.file}: ${r.problems.join('; ')} (\`troupe verify ${r.file}\` says more)\n`);
      }
      for (const d of subdirs) process.stdout.write(`${d.runs} more run${d.runs === 1 ? '' : 's'} in ${d.dir}/ (list them with \`troupe runs ${d.dir}\`)\n`);
      for (const s of skipped) process.stderr.write(`troupe: skipped ${s}\n`);
    });
}

function table(runs: readonly RunListing[]): string {
  // Files are named <runId>.jsonl; a file column appears when one is not (a copy, a renamed run), to tell them apart.
  const named = runs.some((r) => basename(r.file) !== `${r.runId}.jsonl`);
  const rows = runs.map((r) => [
    ...(named ? [basename(r.file)] : []),
    r.runId,
    r.world,
    String(r.seed),
    r.turns === null ? '?' : String(r.turns),
    r.events === null ? '?' : String(r.events),
    r.damaged ? 'DAMAGED' : (r.termination ?? (r.writing ? 'running' : 'unsealed')),
    r.flags === null ? '-' : String(r.flags),
    r.parent ? `${r.parent.runId} @${r.parent.at} (${describeChange(r.parent.change)})` : '',
  ]);
  const head = [...(named ? ['file'] : []), 'run', 'world', 'seed', 'turns', 'events', 'ended', 'flags', 'forked from'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}
