import { basename, dirname, extname, join } from 'node:path';

const NAME = /\.judge-[0-9a-f]{8}\.jsonl$/;

/**
 * Where `troupe judge` keeps its record for `file`: `<name>.judge-<fingerprint>.jsonl` in `outDir` or beside the
 * file, the fingerprint naming the judge's settings (another model or server keeps a record of its own).
 */
export function judgeRecordPath(file: string, fingerprint: string, outDir: string | null): string {
  return join(outDir ?? dirname(file), `${basename(file, extname(file))}.judge-${fingerprint}.jsonl`);
}

/**
 * A judge record's file name: listed with run files (`runs/*.jsonl`), it is neither a run for `troupe runs` nor a
 * conversation to judge.
 */
export function isJudgeRecordName(name: string): boolean {
  return NAME.test(name);
}
