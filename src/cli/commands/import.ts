import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { parseOrExplain } from '../../core/errors.ts';
import { readJsonFile } from '../../transcript/readJsonFile.ts';
import { importAg2 } from '../../transcript/importAg2.ts';
import { LabelsSchema, mastLabels } from '../../transcript/mastLabels.ts';

/**
 * `troupe import ag2 <file> [--out DIR] [--gold FILE]`: AG2 GroupChat
 * trajectories → one transcript per trace (`DIR/<id>.json`); with `--gold`, a
 * MAST gold-label file → `DIR/labels.json` (merged with labels already there),
 * ready for `troupe eval monitors --transcripts DIR --labels DIR/labels.json`.
 */
export function importCommand() {
  const ag2 = new Command('ag2')
    .description('Import AG2 GroupChat trajectories (MAST-style records) as troupe transcripts.')
    .argument('<file>', 'AG2 records JSON (an array of { trace_id, trace } records)')
    .option('--out <dir>', 'directory for the transcripts', 'transcripts')
    .option('--gold <file>', 'MAST gold labels ({ labels: { <id>: { present: ["FM-1.2", …] } } }) to write as labels.json')
    .action((file, flags) => {
      const transcripts = importAg2(readJsonFile(file), `AG2 file ${file}`);
      mkdirSync(flags.out, { recursive: true });
      for (const t of transcripts) writeFileSync(join(flags.out, `${t.id.replace(/[^\w.-]+/g, '_')}.json`), `${JSON.stringify(t, null, 2)}\n`);
      let note = '';
      if (flags.gold !== undefined) {
        const labelsPath = join(flags.out, 'labels.json');
        const previous = existsSync(labelsPath) ? parseOrExplain(LabelsSchema, readJsonFile(labelsPath), `Existing labels ${labelsPath}`) : {};
        const fresh = mastLabels(readJsonFile(flags.gold), `Gold-label file ${flags.gold}`);
        const ids = new Set(transcripts.map((t) => t.id));
        const missing = [...ids].filter((id) => !(id in fresh));
        const merged = Object.fromEntries(Object.entries({ ...previous, ...fresh }).sort(([a], [b]) => a.localeCompare(b)));
        writeFileSync(labelsPath, `${JSON.stringify(merged, null, 2)}\n`);
        note = ` and ${labelsPath} (${Object.keys(fresh).length} labelled${missing.length ? `; no labels for ${missing.join(', ')}` : ''})`;
      }
      process.stdout.write(`wrote ${transcripts.length} transcript${transcripts.length === 1 ? '' : 's'} to ${flags.out}${note}\n`);
    });
  return new Command('import').description('Import foreign conversations as troupe transcripts.').addCommand(ag2);
}
