import { UserError } from '../core/errors.ts';
import type { Policy } from '../policies/Policy.ts';
import { judgeHeader, judgeInput, loadJudgeInput, JUDGE_MONITORS, type JudgedFile } from '../monitors/judge/index.ts';
import type { JudgeHeader } from '../monitors/judge/JudgeRecord.ts';
import type { RunRecord } from './RunRecord.ts';

/** An LLM judge over a sweep's runs (`troupe sweep --judge-model`). */
export interface SweepJudge {
  /** The judge model: an openai policy asked for `judgeOutput(mode)`. */
  readonly policy: Policy;
  readonly model: string;
  /** Messages before the judged one that the judge is shown. */
  readonly history: number;
  /** Runs judged at once (one call in flight each; the process-wide model-call limits apply too). */
  readonly inFlight: number;
  /** Called as each run's judging ends. */
  readonly onRun?: (done: number, total: number) => void;
}

/** What a sweep's summary says of its judge: the settings and instructions its `judge.*` rows come from. */
export type SweepJudgeFacts = Pick<JudgeHeader, 'settings' | 'prompt' | 'history'>;

/**
 * Judge every run of a sweep (each run file once, whatever cells share it)
 * and count the judge's flags into its records as those of four more
 * monitors, `judge.role-flip` … `judge.drift`: the summary then reports
 * their rates per arm with intervals and paired comparisons, as for the
 * built-in monitors. Verdicts are kept in each run's judge record and reused,
 * so a sweep run again judges only what is new. A run left with messages
 * without a verdict (failed calls, a spent budget) makes this a UserError
 * naming how many: figures over part of a run's messages would read as fewer
 * failures.
 *
 * @example const records = await judgeSweep(outcome.records, { policy, model: 'llama3', history: 8, inFlight: 4 })
 */
export async function judgeSweep(records: readonly RunRecord[], judge: SweepJudge): Promise<{ records: RunRecord[]; facts: SweepJudgeFacts }> {
  const files = [...new Set(records.map((r) => r.file))];
  const judged = new Map<string, JudgedFile>();
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      judged.set(file, await judgeInput(loadJudgeInput(file), { policy: judge.policy, model: judge.model, history: judge.history, inFlight: 1 }));
      judge.onRun?.(judged.size, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(judge.inFlight, files.length)) }, lane));
  const incomplete = [...judged.values()].filter((j) => j.failed.length > 0);
  if (incomplete.length > 0) {
    const missing = incomplete.reduce((n, j) => n + j.failed.length, 0);
    const first = incomplete[0]!;
    throw new UserError(
      `the judge left ${missing} message${missing === 1 ? '' : 's'} of ${incomplete.length} run${incomplete.length === 1 ? '' : 's'} without a verdict ` +
        `(e.g. ${first.file}, ${first.failed[0]!.at}: ${first.failed[0]!.error}); no summary was written. ` +
        'Run the sweep again to finish: its runs and the verdicts so far are kept.',
    );
  }
  const names = Object.keys(JUDGE_MONITORS);
  const out = records.map((r) => {
    const flags = { ...r.flags };
    for (const f of judged.get(r.file)!.flags) flags[f.monitor] = (flags[f.monitor] ?? 0) + 1;
    return { ...r, flags, monitors: [...r.monitors, ...names] };
  });
  const { settings, prompt, history } = judgeHeader(judge.policy.settings, { file: '', id: '' }, judge.history);
  return { records: out, facts: { settings, prompt, history } };
}
