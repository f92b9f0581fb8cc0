import { basename } from 'node:path';
import { isJudgeRecordName } from '../../monitors/judge/judgeRecordName.ts';
import { DamagedJudgeRecord, JUDGE_FORMAT, JudgeRecord } from '../../monitors/judge/JudgeRecord.ts';
import { firstLine } from '../../record/firstLine.ts';
import { Command } from '@commander-js/extra-typings';
import { UserError } from '../../core/errors.ts';
import { describeVerify, verifyRun, type VerifyReport } from '../../record/verifyRun.ts';

/** A file given to verify that is no run file at all (missing, a directory, not JSON, another format, no header). */
interface NotARunFile {
  readonly file: string;
  readonly status: 'not-a-run-file';
  readonly error: string;
}

/**
 * `troupe verify <run.jsonl…>`: integrity only — header hash, hash chain,
 * seal and counts — without re-running anything. Every file gets its line
 * (or JSON object), a file that is no run file too, so one bad name does not
 * hide the reports of the others. Exit 0 when every file is sealed and
 * intact; 1 when one is damaged, unsealed or not a run file.
 */
export function verifyCommand() {
  return new Command('verify')
    .description('Check run files’ integrity (header, hash chain, seal, counts) without re-running them; say where a file was edited, reordered, cut or left unsealed. Judge records (troupe judge) among them are checked too.')
    .argument('<runs...>', 'run files (runs/<id>.jsonl), or judge records (<id>.judge-<fingerprint>.jsonl)')
    .option('--json', 'print one JSON object per file, one per line (status "not-a-run-file" with an error for a file that is none)')
    .action((files, flags) => {
      let ok = true;
      for (const file of files) {
        // `troupe verify runs/*.jsonl` in a folder `troupe judge` has been through: its records are checked as such.
        if (isJudgeRecordName(basename(file)) || hasJudgeHeader(file)) {
          const judged = verifyJudgeRecord(file);
          ok &&= judged.status === 'sealed';
          process.stdout.write(flags.json ? `${JSON.stringify(judged)}\n` : `${describeJudgeRecord(judged)}\n`);
          continue;
        }
        const report = verifyOne(file);
        ok &&= report.status === 'sealed';
        process.stdout.write(flags.json ? `${JSON.stringify(report)}\n` : `${describe(report)}\n`);
      }
      if (!ok) process.exitCode = 1;
    });
}

/** Does `file` begin as a judge record does (one renamed, or copied under another name)? */
function hasJudgeHeader(file: string): boolean {
  try {
    const header = JSON.parse(firstLine(file)) as { format?: unknown } | null;
    return typeof header?.format === 'string' && header.format.startsWith(JUDGE_FORMAT.split('/')[0]! + '/');
  } catch {
    return false; // not JSON, no line, no file: verifyRun says what it is
  }
}

/** The file's report; a user mistake about this one file (its UserError) becomes its entry, a bug still throws. */
function verifyOne(file: string): VerifyReport | NotARunFile {
  try {
    return verifyRun(file);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { file, status: 'not-a-run-file', error: error.message };
  }
}

/** A judge record's check: its hash chain and seal (`JudgeRecord.inspect`). */
interface JudgeRecordReport {
  readonly file: string;
  readonly kind: 'judge-record';
  /** `unreadable`: missing, a folder, or no judge record at all. */
  readonly status: 'sealed' | 'unsealed' | 'damaged' | 'unreadable';
  /** Calls recorded, and messages whose latest call gave a verdict. */
  readonly calls: number;
  readonly verdicts: number;
  readonly error?: string;
}

function verifyJudgeRecord(file: string): JudgeRecordReport {
  try {
    const read = JudgeRecord.inspect(file);
    const verdicts = [...read.entries.values()].filter((e) => e.verdict !== null).length;
    return { file, kind: 'judge-record', status: read.sealed ? 'sealed' : 'unsealed', calls: read.calls.length, verdicts };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { file, kind: 'judge-record', status: error instanceof DamagedJudgeRecord ? 'damaged' : 'unreadable', calls: 0, verdicts: 0, error: error.message };
  }
}

function describeJudgeRecord(r: JudgeRecordReport): string {
  if (r.status === 'damaged') return `${r.file}: DAMAGED judge record — ${r.error}`;
  if (r.status === 'unreadable') return `${r.file}: NOT A JUDGE RECORD — ${r.error}`;
  const state = r.status === 'sealed' ? 'sealed' : 'UNSEALED (a judge pass cut short: `troupe judge` goes on with it)';
  return `${r.file}: judge record, ${state}, ${r.calls} call${r.calls === 1 ? '' : 's'}, verdicts on ${r.verdicts} message${r.verdicts === 1 ? '' : 's'}, hash chain intact`;
}

function describe(report: VerifyReport | NotARunFile): string {
  // The error names the file already (and says what was expected).
  return report.status === 'not-a-run-file' ? `${report.file}: NOT A RUN FILE — ${report.error}` : describeVerify(report);
}
