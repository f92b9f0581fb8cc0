import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { parseOrExplain, UserError } from '../../core/errors.ts';
import { readJsonFile } from '../../transcript/readJsonFile.ts';
import { readRecordsFile } from '../../transcript/readRecordsFile.ts';
import { importAg2 } from '../../transcript/importAg2.ts';
import { LabelsSchema, mastLabels, type Labels } from '../../transcript/mastLabels.ts';
import { transcriptFileNames } from '../../transcript/transcriptFileName.ts';
import { makeDirs } from '../../record/writableFile.ts';

/**
 * `troupe import ag2 <file> [--out DIR] [--gold FILE]`: AG2 GroupChat
 * trajectories → one transcript per trace (`DIR/<id>.json`, a safe name when
 * the id is not one); with `--gold`, a MAST gold-label file →
 * `DIR/labels.json` (merged with labels already there), ready for
 * `troupe eval monitors --transcripts DIR --labels DIR/labels.json`.
 */
export function importCommand() {
  const ag2 = new Command('ag2')
    .description('Import AG2 GroupChat trajectories (MAST-style records) as troupe transcripts.')
    .argument('<file>', 'AG2 records: a JSON array of { trace_id, trace } records, or JSONL with one record per line')
    .option('--out <dir>', 'directory for the transcripts', 'transcripts')
    .option('--gold <file>', 'MAST gold labels ({ labels: { <id>: { present: ["FM-1.2", …] } } }) to write as labels.json')
    .addHelpText(
      'after',
      '\nEach transcript is written to DIR/<trace_id>.json. An id that is not a safe file name (path separators, a leading dot,\n' +
        'other characters) is made safe and gets 8 hex digits of its hash (e.g. "../x" → x-1a2b3c4d.json); the transcript keeps\n' +
        'its original id. Records with the same trace_id are refused.',
    )
    .action((file, flags) => {
      const transcripts = importAg2(readRecordsFile(file), `AG2 file ${file}`);
      const labelsPath = join(flags.out, 'labels.json');
      // Every input is read and checked before anything is written: a wrong --gold leaves DIR as it was.
      const fresh = flags.gold === undefined ? null : mastLabels(readJsonFile(flags.gold), `Gold-label file ${flags.gold}`);
      const unlabelled = fresh === null ? [] : transcripts.map((t) => t.id).filter((id) => !(id in fresh));
      if (fresh !== null && transcripts.length > 0 && unlabelled.length === transcripts.length) {
        const theirs = Object.keys(fresh);
        throw new UserError(`--gold ${flags.gold}: it labels none of the ${transcripts.length} traces in ${file} (it labels ${theirs.slice(0, 3).join(', ')}${theirs.length > 3 ? `, … ${theirs.length} in all` : theirs.length ? '' : 'none'}); give the gold labels of these traces.`);
      }
      const merged = fresh === null ? null : mergedLabels(labelsPath, fresh);
      makeOutputDir(flags.out);
      const names = transcriptFileNames(transcripts.map((t) => t.id));
      transcripts.forEach((t, i) => writeFileSync(join(flags.out, names[i]!), `${JSON.stringify(t, null, 2)}\n`));
      const renamed = transcripts.flatMap((t, i) => (names[i] === `${t.id}.json` ? [] : [`"${t.id}" → ${names[i]}`]));
      let note = '';
      if (fresh !== null && merged !== null) {
        writeFileSync(labelsPath, `${JSON.stringify(merged, null, 2)}\n`);
        note = ` and ${labelsPath} (${transcripts.length - unlabelled.length} of ${transcripts.length} labelled${unlabelled.length ? `; no labels for ${unlabelled.join(', ')}` : ''})`;
      }
      process.stdout.write(`wrote ${transcripts.length} transcript${transcripts.length === 1 ? '' : 's'} to ${flags.out}${note}\n`);
      if (renamed.length) process.stdout.write(`ids that are not safe file names were written as: ${renamed.join(', ')}\n`);
    });
  return new Command('import').description('Import foreign conversations as troupe transcripts.').addCommand(ag2);
}

/** `fresh` over the labels already in `labelsPath` (a fresh entry wins), sorted by id; the existing file is checked too. */
function mergedLabels(labelsPath: string, fresh: Labels): Labels {
  const previous = existsSync(labelsPath) ? parseOrExplain(LabelsSchema, readJsonFile(labelsPath), `Existing labels ${labelsPath}`) : {};
  return Object.fromEntries(Object.entries({ ...previous, ...fresh }).sort(([a], [b]) => a.localeCompare(b)));
}

/** Create `--out` (and its parents); a path that is a file, or not writable, is a UserError naming it. */
function makeOutputDir(dir: string): void {
  try {
    // Not mkdirSync's recursive mode: on Node 20 it can spin forever on a path it may not create (e.g. under /proc).
    makeDirs(dir);
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(code === 'EEXIST' || code === 'ENOTDIR' ? `--out ${dir}: a file stands where a folder is needed (${dir} or a folder above it).` : `Cannot create folder ${dir}: ${code}.`);
  }
}
