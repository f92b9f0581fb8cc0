import { loadMonitors } from '../../monitors/registry.ts';
import { parseMonitorNames } from '../../monitors/monitorConfigFromFlags.ts';
import { Command } from '@commander-js/extra-typings';
import { intOption } from '../parseOptions.ts';
import { UserError, parseOrExplain } from '../../core/errors.ts';
import { readJsonFile } from '../../transcript/readJsonFile.ts';
import { evalLabelled, type LabelledReport } from '../../monitors/eval/evalLabelled.ts';
import { evalSyntheticCorpus } from '../../monitors/eval/evalSyntheticCorpus.ts';
import { formatCorpusLine, formatScoreTable } from '../../monitors/eval/formatEvalReport.ts';
import { paramHelp } from '../../monitors/paramHelp.ts';
import type { MonitorConfigInput } from '../../monitors/createMonitorSet.ts';
import { collectParam, monitorConfigFrom } from '../../monitors/monitorConfigFromFlags.ts';
import { LABEL_KINDS, LabelsSchema } from '../../transcript/mastLabels.ts';
import { readTranscriptDir } from '../../transcript/readTranscriptDir.ts';

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
    .option('--transcripts <dir>', 'score transcripts (*.json, troupe.transcript/1) in this directory instead; labels.json and other non-transcript files there are skipped')
    .option('--labels <file>', `trace-level labels for --transcripts: { "<transcript id>": ["role-flip", …] } (kinds: ${LABEL_KINDS.join(', ')})`)
    .option('--monitors <names>', 'comma-separated monitors to score, or "all" (default: all)')
    .option('--param <monitor.param=value>', 'override a threshold (repeatable)', collectParam)
    .option('--verbose', 'with --transcripts: print each trace verdict')
    .option('--json', 'print { "monitors": { "<name>": { precision, recall, f1, latencyTurns, falsePerKTurns } } }')
    .addHelpText('after', `\n${paramHelp()}`)
    .action(async (flags) => {
      await loadMonitors(parseMonitorNames(flags.monitors));
      const config = monitorConfigFrom(flags.monitors, flags.param);
      if (config.enabled?.length === 0) throw new UserError('--monitors none leaves nothing to score: name the monitors to score, or leave --monitors out for all.');
      if (flags.transcripts !== undefined || flags.labels !== undefined) {
        if (flags.transcripts === undefined || flags.labels === undefined) throw new UserError('--transcripts and --labels go together.');
        evalTranscripts(flags.transcripts, flags.labels, config, flags);
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
      process.stdout.write(formatCorpusLine(report.corpus) + formatScoreTable(report.monitors));
    });
  return new Command('eval').description('Measure troupe components.').addCommand(monitors);
}

/** `--transcripts DIR --labels FILE`: trace-level scores, with what was skipped said on stderr. */
function evalTranscripts(dir: string, labelsFile: string, config: MonitorConfigInput, flags: { json?: true; verbose?: true }): void {
  const labels = parseOrExplain(LabelsSchema, readJsonFile(labelsFile), `Labels ${labelsFile}`);
  const { transcripts, skipped } = readTranscriptDir(dir, labelsFile);
  for (const s of skipped) process.stderr.write(`troupe: skipped ${s.file} in ${dir}: ${s.why}\n`);
  const report = evalLabelled(transcripts, labels, config);
  if (report.traces.scored === 0) {
    throw new UserError(
      `None of the ${transcripts.length} transcripts in ${dir} has labels in ${labelsFile}: labels are keyed by transcript id ` +
        `(transcripts: ${sample(transcripts.map((t) => t.id))}; labels: ${sample(Object.keys(labels))}).`,
    );
  }
  if (report.traces.unmatchedLabels.length) {
    const n = report.traces.unmatchedLabels.length;
    process.stderr.write(`troupe: warning: ${n} label ${n === 1 ? 'entry matches' : 'entries match'} no transcript in ${dir}: ${sample(report.traces.unmatchedLabels)}\n`);
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ monitors: report.monitors, traces: report.traces })}\n`);
    return;
  }
  process.stdout.write(`${report.traces.scored} labelled transcripts, ${report.traces.messages} messages (trace-level scoring)\n`);
  if (report.traces.unlabelled.length) process.stdout.write(`skipped (no labels): ${report.traces.unlabelled.join(', ')}\n`);
  process.stdout.write(formatScoreTable(report.monitors));
  if (flags.verbose) printVerdicts(report);
}

function printVerdicts(report: LabelledReport): void {
  for (const [name, verdicts] of Object.entries(report.verdicts)) {
    for (const v of verdicts) {
      if (!v.labelled && !v.flagged) continue;
      const tag = v.labelled && v.flagged ? 'TP' : v.flagged ? 'FP' : 'FN';
      process.stdout.write(`${name.padEnd(13)} ${tag} ${v.id}${v.at.length ? ` (messages ${v.at.join(', ')})` : ''}\n`);
    }
  }
}

/** The first few ids of a list, for messages. */
function sample(ids: readonly string[], n = 5): string {
  if (ids.length === 0) return 'none';
  return ids.length <= n ? ids.join(', ') : `${ids.slice(0, n).join(', ')}, … (${ids.length} in all)`;
}
