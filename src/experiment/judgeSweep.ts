import { inLanes } from '../core/inLanes.ts';
import { UserError } from '../core/errors.ts';
import type { Policy } from '../policies/Policy.ts';
import { JudgeBreaker, judgeIdentity, judgeInput, JudgeRecord, judgeRecordOf, loadJudgeInput, JUDGE_MONITORS, JUDGE_PROMPT_VERSION, type JudgedFile } from '../monitors/judge/index.ts';
import type { JudgeHeader } from '../monitors/judge/JudgeRecord.ts';
import type { RunRecord } from './RunRecord.ts';

/** An LLM judge over a sweep's runs (`troupe sweep --judge-model`, an experiment's `judge`). */
export interface SweepJudge {
  /** The judge model: an openai policy asked for `judgeOutput(mode)`. */
  readonly policy: Policy;
  readonly model: string;
  /** Messages before the judged one that the judge is shown. */
  readonly history: number;
  /** Judge calls in flight: runs judged at once, one call each (the process-wide model-call limits apply too). */
  readonly inFlight: number;
  /** Called as each run's judging ends, with how many of them were left with messages without a verdict so far. */
  readonly onRun?: (done: number, total: number, incomplete: number) => void;
}

/** What a sweep's summary says of its judge: the settings and instructions its `judge.*` rows come from. */
export type SweepJudgeFacts = Pick<JudgeHeader, 'settings' | 'prompt' | 'history'>;

/**
 * Judge every run of a sweep (each run file once, whatever cells share it)
 * and count the judge's flags into its records as those of four more
 * monitors, `judge.role-flip` … `judge.drift`: the summary then reports
 * their rates per arm with intervals and paired comparisons, as for the
 * built-in monitors. Verdicts are kept in each run's judge record and reused,
 * so a sweep run again judges only what is new. Every record is checked
 * before the first call. The calls of all runs share one breaker: a spent
 * budget, a server refusing the key or model, or one down stops the judging
 * of the whole sweep. A run left with messages without a verdict makes this a
 * UserError naming how many — figures over part of a run's messages would
 * read as fewer failures — once every call in flight has returned.
 *
 * @example const { records } = await judgeSweep(outcome.records, { policy, model: 'llama3', history: 8, inFlight: 8 })
 */
export async function judgeSweep(records: readonly RunRecord[], judge: SweepJudge): Promise<{ records: RunRecord[]; facts: SweepJudgeFacts }> {
  const files = [...new Set(records.map((r) => r.file))];
  const options = { policy: judge.policy, model: judge.model, history: judge.history, inFlight: 1 };
  const inputs = files.map((file) => {
    const input = loadJudgeInput(file);
    const { path, header } = judgeRecordOf(input, options);
    JudgeRecord.read(path, header);
    return input;
  });
  const breaker = new JudgeBreaker();
  const judged = new Array<JudgedFile | undefined>(files.length);
  let done = 0;
  let incomplete = 0;
  await inLanes(
    inputs,
    judge.inFlight,
    async (input, i) => {
      const one = await judgeInput(input, { ...options, breaker });
      judged[i] = one;
      if (one.failed.length) incomplete++;
      judge.onRun?.(++done, files.length, incomplete);
    },
    () => breaker.stopped !== null,
  );
  // In plan order: the message names the same run whatever order the replies came in.
  type Left = { readonly file: string; readonly missing: JudgedFile['failed'] | null };
  const left = files.flatMap((file, i): Left[] => {
    const one = judged[i];
    return one === undefined ? [{ file, missing: null }] : one.failed.length ? [{ file, missing: one.failed }] : [];
  });
  if (left.length > 0) {
    const missing = left.reduce((n, l) => n + (l.missing?.length ?? 0), 0);
    const unjudged = left.filter((l) => l.missing === null).length;
    const example = left.find((l) => l.missing !== null);
    const parts = [
      ...(missing ? [`left ${missing} message${missing === 1 ? '' : 's'} of ${left.length - unjudged} run${left.length - unjudged === 1 ? '' : 's'} without a verdict (e.g. ${example!.file}, ${example!.missing![0]!.at}: ${example!.missing![0]!.error})`] : []),
      ...(unjudged ? [`did not judge ${unjudged} run${unjudged === 1 ? '' : 's'}${breaker.stopped ? ` (${breaker.stopped})` : ''}`] : []),
    ];
    throw new UserError(`The judge ${parts.join(' and ')}; no summary was written. Run the sweep again to finish: its runs and the verdicts so far are kept.`);
  }
  const names = Object.keys(JUDGE_MONITORS);
  const byFile = new Map(files.map((file, i) => [file, judged[i]!]));
  const out = records.map((r) => {
    const flags = { ...r.flags };
    for (const f of byFile.get(r.file)!.flags) flags[f.monitor] = (flags[f.monitor] ?? 0) + 1;
    return { ...r, flags, monitors: [...r.monitors, ...names] };
  });
  return { records: out, facts: { settings: judgeIdentity(judge.policy.settings), prompt: JUDGE_PROMPT_VERSION, history: judge.history } };
}
