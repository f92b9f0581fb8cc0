import { firstLine } from '../../record/firstLine.ts';
import { parseHeaderLine } from '../../record/readRun.ts';
import { loadMonitors } from '../../monitors/registry.ts';
import { parseMonitorNames } from '../../monitors/monitorConfigFromFlags.ts';
import { Command } from '@commander-js/extra-typings';
import { monitorEvents } from '../../monitors/monitorEvents.ts';
import { paramHelp } from '../../monitors/paramHelp.ts';
import { collectParam, DEFAULT_MONITOR_CONFIG, monitorOverridesFrom, withOverrides, type MonitorOverrides } from '../../monitors/monitorConfigFromFlags.ts';
import { FlagTally, flagText, type PrintedFlag } from '../../monitors/offline/flagText.ts';
import { looksLikeRunFile } from '../../monitors/offline/looksLikeRunFile.ts';
import { readWarnings } from '../../monitors/offline/readWarnings.ts';
import { monitorSourcesOf } from '../../monitors/monitorModules.ts';
import { monitorRunFile, type RunFileMonitoring } from '../../monitors/offline/monitorRunFile.ts';
import { describeChange } from '../../record/forkChange.ts';
import { readTranscript } from '../../transcript/parseTranscript.ts';
import { flagsToMessageIndices, transcriptToEvents } from '../../transcript/transcriptToEvents.ts';

const HELP = `
Which monitors run:
  a run file    the monitor config the run recorded (enabled monitors and thresholds), so the flags are the ones
                the run raised online; for a fork that changed the monitors (--set monitors=… or
                monitor.<name>.<param>=…), each phase's config from its fork point on, as online.
                --monitors replaces the enabled set and --param one threshold, in every phase;
                --ignore-recorded starts from the defaults instead (all monitors, default thresholds).
  a transcript  all monitors with default thresholds, changed by --monitors and --param.

Positions: flags over a run file give event seqs (span, evidence[].seq). Over a transcript they give 0-based
indices into its "messages": span.start/end and evidence[].message (evidence[].seq holds the same message index,
kept for readers of earlier versions; it is not an event seq).

A run file that is unsealed (killed, crashed, still running) or ends in a torn line is monitored as far as it
goes, with a warning on stderr; one converted to Windows (CRLF) line endings is monitored as it is, with a warning. Run files are read line by line, so their size is not limited by memory.

${paramHelp()}`;

/**
 * `troupe monitor <run.jsonl | transcript.json>`: re-monitor a recorded run or
 * a foreign transcript offline and print the flags (spans are event seqs for
 * runs, 0-based message indices for transcripts).
 */
export function monitorCommand() {
  return new Command('monitor')
    .description('Run the monitors offline over a run file (.jsonl) or a transcript (troupe.transcript/1 JSON) and print the flags.')
    .argument('<file>', 'a run file (runs/<id>.jsonl) or a transcript JSON file')
    .option('--monitors <names>', 'monitors to run: comma-separated names (or paths of monitor modules: ./shout.ts), "all" or "none" (default: a run file\'s recorded monitors; all for a transcript)')
    .option('--param <monitor.param=value>', 'override a threshold, e.g. drift.threshold=0.15 (repeatable)', collectParam)
    .option('--ignore-recorded', "for a run file: start from the default monitor config instead of the run's recorded one")
    .option('--json', 'print one JSON array of flags')
    .addHelpText('after', HELP)
    .action(async (file, flags) => {
      // Monitor modules the flags name, and those a run file recorded (a threshold may be set for one of them).
      await loadMonitors(parseMonitorNames(flags.monitors));
      await loadMonitors(recordedMonitorNames(file));
      const overrides = monitorOverridesFrom(flags.monitors, flags.param);
      const isRun = looksLikeRunFile(file);
      const out = flags.json ? jsonPrinter() : textPrinter(isRun ? 'seq' : 'msg');
      if (isRun) {
        const report = await monitorRunFile(file, { overrides, ignoreRecorded: flags.ignoreRecorded === true, onFlag: out.add });
        out.end();
        for (const line of runFileNotes(file, report)) process.stderr.write(`troupe: ${line}\n`);
        return;
      }
      for (const f of monitorTranscript(file, overrides)) out.add(f);
      out.end();
    });
}

/** Read, validate and monitor a transcript file; flags come back in message indices. */
function monitorTranscript(file: string, overrides: MonitorOverrides): PrintedFlag[] {
  const converted = transcriptToEvents(readTranscript(file));
  return flagsToMessageIndices(monitorEvents(converted.events, withOverrides(DEFAULT_MONITOR_CONFIG, overrides)), converted);
}

/** Warnings (unsealed, torn) and notes (phases, no monitors) about a monitored run file, for stderr. */
function runFileNotes(file: string, r: RunFileMonitoring): string[] {
  const lines = readWarnings(file, r, 'monitored');
  for (const point of r.phases.changes) lines.push(`note: the monitor config changes after seq ${point.at} (${describeChange(point.change)}); later flags use it, as the run did online.`);
  // A monitor module edited since the run: its flags are the new code's, not those the run raised online.
  const recorded = r.header.specHashes.monitorSources ?? {};
  const now = monitorSourcesOf(r.phases.configs.flatMap((c) => c.enabled ?? []));
  for (const [module, hash] of Object.entries(now)) {
    if (recorded[module] !== undefined && recorded[module] !== hash) lines.push(`note: the monitor module ${module} has changed since the run (source hash ${recorded[module]!.slice(0, 12)}… recorded, ${hash.slice(0, 12)}… now): its flags are this code's, not those the run raised online.`);
  }
  if (r.phases.configs.every((c) => c.enabled !== null && c.enabled.length === 0)) {
    lines.push('note: no monitors enabled (the run was recorded with --monitors none, or you asked for none); give --monitors all or names to run them.');
  }
  return lines;
}

interface Printer {
  readonly add: (f: PrintedFlag) => void;
  readonly end: () => void;
}

/** Flags as text as they come, then the count per monitor and agent. */
function textPrinter(unit: 'seq' | 'msg'): Printer {
  const tally = new FlagTally();
  return {
    add: (f) => {
      tally.add(f);
      process.stdout.write(flagText(f, unit));
    },
    end: () => process.stdout.write(`${tally.summary()}\n`),
  };
}

/** One JSON array, written flag by flag so that a long run's flags are never all held at once. */
function jsonPrinter(): Printer {
  let n = 0;
  return {
    add: (f) => process.stdout.write(`${n++ === 0 ? '[' : ','}${JSON.stringify(f)}`),
    end: () => process.stdout.write(n === 0 ? '[]\n' : ']\n'),
  };
}

/** The monitors a run file's header enables (none for a transcript or an unreadable file: reading it properly is left to what follows). */
function recordedMonitorNames(file: string): string[] {
  try {
    return parseHeaderLine(firstLine(file), file).config.monitors.enabled ?? [];
  } catch {
    return [];
  }
}
