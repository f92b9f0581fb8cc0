import { Command } from '@commander-js/extra-typings';
import { describeChange } from '../../record/forkChange.ts';
import { listRuns, type RunListing } from '../../record/listRuns.ts';

/** `troupe runs`: the runs in runs/ (or --dir), oldest first. */
export function runsCommand() {
  return new Command('runs')
    .description('List recorded runs: id, world, seed, turns, how they ended, flags raised, and the parent of a fork.')
    .option('--dir <dir>', 'directory of run files', 'runs')
    .option('--json', 'print one JSON array')
    .action((flags) => {
      const { runs, skipped, subdirs } = listRuns(flags.dir);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(runs)}\n`);
        return;
      }
      if (runs.length === 0) process.stdout.write(`No runs in ${flags.dir}${subdirs.length ? ' itself' : ''}.\n`);
      else process.stdout.write(table(runs));
      for (const d of subdirs) process.stdout.write(`${d.runs} more run${d.runs === 1 ? '' : 's'} in ${d.dir}/ (list them with --dir ${d.dir})\n`);
      for (const s of skipped) process.stderr.write(`troupe: skipped ${s}\n`);
    });
}

function table(runs: readonly RunListing[]): string {
  const rows = runs.map((r) => [
    r.runId,
    r.world,
    String(r.seed),
    r.turns === null ? '?' : String(r.turns),
    r.events === null ? '?' : String(r.events),
    r.termination ?? (r.writing ? 'running' : 'unsealed'),
    r.flags === null ? '-' : String(r.flags),
    r.parent ? `${r.parent.runId} @${r.parent.at} (${describeChange(r.parent.change)})` : '',
  ]);
  const head = ['run', 'world', 'seed', 'turns', 'events', 'ended', 'flags', 'forked from'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return `${[line(head), ...rows.map(line)].join('\n')}\n`;
}
