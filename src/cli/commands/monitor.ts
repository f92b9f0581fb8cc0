import { readTextFile } from '../../transcript/readJsonFile.ts';
import { Command } from '@commander-js/extra-typings';
import { UserError } from '../../core/errors.ts';
import type { RunEvent } from '../../core/events.ts';
import { monitorEvents } from '../../monitors/monitorEvents.ts';
import type { FlagInput } from '../../monitors/defineMonitor.ts';
import { readRun } from '../../record/readRun.ts';
import { parseTranscript } from '../../transcript/parseTranscript.ts';
import { flagsToMessageIndices, transcriptToEvents } from '../../transcript/transcriptToEvents.ts';
import { collectParam, monitorConfigFrom } from '../../monitors/monitorConfigFromFlags.ts';

/**
 * `troupe monitor <run.jsonl | transcript.json>`: re-monitor a recorded run or
 * a foreign transcript offline and print the flags (spans are event seqs for
 * runs, 0-based message indices for transcripts).
 */
export function monitorCommand() {
  return new Command('monitor')
    .description('Run the monitors offline over a run file (.jsonl) or a transcript (troupe.transcript/1 JSON) and print the flags.')
    .argument('<file>', 'a run file (runs/<id>.jsonl) or a transcript JSON file')
    .option('--monitors <names>', 'comma-separated monitors to run (default: all)')
    .option('--param <monitor.param=value>', 'override a threshold, e.g. drift.threshold=0.15 (repeatable)', collectParam, {})
    .option('--json', 'print one JSON array of flags')
    .action((file, flags) => {
      const config = monitorConfigFrom(flags.monitors, flags.param);
      const { events, toOutput, unit } = load(file);
      const found = toOutput(monitorEvents(events, config));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(found)}\n`);
        return;
      }
      for (const f of found) {
        const span = f.span.start === f.span.end ? `${f.span.end}` : `${f.span.start}–${f.span.end}`;
        process.stdout.write(`${f.severity.padEnd(8)} ${f.monitor.padEnd(13)} ${(f.agent ?? '-').padEnd(10)} ${unit} ${span.padEnd(7)} score ${f.score.toFixed(2)}  ${f.explanation}\n`);
        for (const e of f.evidence) process.stdout.write(`           ${unit} ${e.seq}: ${e.excerpt}\n`);
      }
      const counts = new Map<string, number>();
      for (const f of found) counts.set(`${f.monitor} ${f.agent ?? '-'}`, (counts.get(`${f.monitor} ${f.agent ?? '-'}`) ?? 0) + 1);
      process.stdout.write(`${found.length} flag${found.length === 1 ? '' : 's'}${counts.size ? ': ' : ''}${[...counts].map(([k, n]) => `${k} ×${n}`).join(', ')}\n`);
    });
}

/** Read a run file or a transcript; say how flags map back to the input's own positions. */
function load(file: string): { events: RunEvent[]; toOutput: (f: FlagInput[]) => FlagInput[]; unit: string } {
  if (file.endsWith('.jsonl')) return { events: readRun(file).events, toOutput: (f) => f, unit: 'seq' };
  const text = readTextFile(file);
  const firstLine = text.slice(0, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length);
  if (/"format"\s*:\s*"troupe\.run/.test(firstLine)) return { events: readRun(file).events, toOutput: (f) => f, unit: 'seq' };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file} is neither a run file (.jsonl) nor JSON: ${(error as Error).message}`);
  }
  const converted = transcriptToEvents(parseTranscript(data, `Transcript ${file}`));
  return { events: converted.events, toOutput: (f) => flagsToMessageIndices(f, converted), unit: 'msg' };
}
