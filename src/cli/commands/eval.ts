import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { intOption } from '../parseOptions.ts';
import { UserError, parseOrExplain } from '../../core/errors.ts';
import { readJsonFile } from '../../transcript/readJsonFile.ts';
import { evalLabelled } from '../../monitors/eval/evalLabelled.ts';
import { evalSyntheticCorpus } from '../../monitors/eval/evalSyntheticCorpus.ts';
import type { MonitorScore } from '../../monitors/eval/scoreRun.ts';
import { collectParam, monitorConfigFrom } from '../../monitors/monitorConfigFromFlags.ts';
import { LabelsSchema } from '../../transcript/mastLabels.ts';
import { readTranscript } from '../../transcript/parseTranscript.ts';

/**
 * `troupe eval monitors`: measure the monitors. By default on a labelled
 * synthetic corpus (half clean runs, both worlds); with `--transcripts DIR
 * --labels FILE` against trace-level external labels.
 */
export function evalCommand() {
  const monitors = new Command('monitors')
    .description('Score the monitors: precision, recall, F1, detection latency (turns), false flags per 1,000 turns on clean runs.')
    .option('--runs <n>', 'synthetic runs to generate (half of them clean)', intOption('--runs', 2), 200)
    .option('--seed <s>', 'corpus seed', intOption('--seed', 0), 1)
    .option('--transcripts <dir>', 'score transcripts (*.json, troupe.transcript/1) in this directory instead')
    .option('--labels <file>', 'trace-level labels for --transcripts: { "<transcript id>": ["role-flip", …] }')
    .option('--monitors <names>', 'comma-separated monitors to score (default: all)')
    .option('--param <monitor.param=value>', 'override a threshold (repeatable)', collectParam, {})
    .option('--verbose', 'with --transcripts: print each trace verdict')
    .option('--json', 'print { "monitors": { "<name>": { precision, recall, f1, latencyTurns, falsePerKTurns } } }')
    .action(async (flags) => {
      const config = monitorConfigFrom(flags.monitors, flags.param);
      if (flags.transcripts !== undefined || flags.labels !== undefined) {
        if (flags.transcripts === undefined || flags.labels === undefined) throw new UserError('--transcripts and --labels go together.');
        const labelsPath = resolve(flags.labels);
        const labels = parseOrExplain(LabelsSchema, readJsonFile(labelsPath), `Labels ${flags.labels}`);
        const files = listJson(flags.transcripts).filter((f) => resolve(f) !== labelsPath);
        const report = evalLabelled(files.map(readTranscript), labels, config);
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ monitors: report.monitors, traces: report.traces })}\n`);
          return;
        }
        process.stdout.write(`${report.traces.scored} labelled transcripts, ${report.traces.messages} messages (trace-level scoring)\n`);
        if (report.traces.unlabelled.length) process.stdout.write(`skipped (no labels): ${report.traces.unlabelled.join(', ')}\n`);
        printTable(report.monitors);
        if (flags.verbose) {
          for (const [name, verdicts] of Object.entries(report.verdicts)) {
            for (const v of verdicts) {
              if (!v.labelled && !v.flagged) continue;
              const tag = v.labelled && v.flagged ? 'TP' : v.flagged ? 'FP' : 'FN';
              process.stdout.write(`${name.padEnd(13)} ${tag} ${v.id}${v.at.length ? ` (messages ${v.at.join(', ')})` : ''}\n`);
            }
          }
        }
        return;
      }
      const report = await evalSyntheticCorpus({
        runs: flags.runs,
        seed: flags.seed,
        monitors: config,
        onRun: flags.json ? undefined : (done, total) => {
          if (done % 20 === 0 || done === total) process.stderr.write(`  ${done}/${total} runs\n`);
        },
      });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
        return;
      }
      const c = report.corpus;
      const eps = Object.entries(c.episodes).map(([k, n]) => `${k} ${n}`).join(', ');
      process.stdout.write(`${c.runs} runs (${c.cleanRuns} clean), ${c.turns} turns (${c.cleanTurns} clean); truth episodes: ${eps || 'none'}\n`);
      printTable(report.monitors);
    });
  return new Command('eval').description('Measure troupe components.').addCommand(monitors);
}

function printTable(scores: Record<string, MonitorScore>): void {
  const f = (x: number | null, digits = 3): string => (x === null ? '—' : x.toFixed(digits));
  process.stdout.write(`${'monitor'.padEnd(14)}${'precision'.padStart(10)}${'recall'.padStart(8)}${'F1'.padStart(7)}${'latency'.padStart(9)}${'false/1k'.padStart(10)}\n`);
  for (const [name, s] of Object.entries(scores)) {
    process.stdout.write(
      `${name.padEnd(14)}${f(s.precision).padStart(10)}${f(s.recall).padStart(8)}${f(s.f1).padStart(7)}${f(s.latencyTurns, 2).padStart(9)}${f(s.falsePerKTurns, 2).padStart(10)}\n`,
    );
  }
}


function listJson(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new UserError(`Cannot read directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  const files = names.filter((n) => n.endsWith('.json')).sort().map((n) => join(dir, n));
  if (files.length === 0) throw new UserError(`${dir} holds no .json transcripts.`);
  return files;
}
