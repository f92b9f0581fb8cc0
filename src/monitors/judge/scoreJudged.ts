import type { RunEvent } from '../../core/events.ts';
import type { FlagInput } from '../defineMonitor.ts';
import { createMonitorSet } from '../createMonitorSet.ts';
import { scoreTraces, type LabelledReport } from '../eval/evalLabelled.ts';
import { monitorEvents } from '../monitorEvents.ts';
import { emptyTally, scoreOf, scoreRun, type MonitorScore, type Tally } from '../eval/scoreRun.ts';
import { truthEpisodes } from '../eval/truthEpisodes.ts';
import { isBuiltInMonitor } from '../registry.ts';
import type { JudgedFile } from './judgeFile.ts';
import { JUDGE_MONITORS, type JudgeMonitor } from './judgeVerdict.ts';
import type { Labels } from '../../transcript/mastLabels.ts';

/** The judge scored against ground truth, next to the monitors that watched the same runs online. */
export interface JudgeScores {
  /** Run files scored (sealed, of synthetic agents only, so that their truth labels are complete and their turns known). */
  readonly runs: number;
  /** Runs of synthetic agents left out because they are unsealed (a flag rate needs the run's turns). */
  readonly unsealed: number;
  readonly episodes: Readonly<Record<string, number>>;
  /** Per monitor: the judge's four (`judge.<kind>`), then the built-in monitors the runs recorded flags of. */
  readonly scores: Readonly<Record<string, MonitorScore>>;
}

/**
 * Score the judge's flags, and the flags the runs raised online, against the
 * synthetic policy's ground truth, by the rule `troupe eval monitors` uses
 * (`scoreRun`). Only runs of synthetic agents carry complete labels, and only
 * sealed ones say how many turns they took; null when none of the files is one.
 *
 * @example const s = scoreJudged(files); if (s) process.stdout.write(formatScoreTable(s.scores))
 */
export function scoreJudged(files: readonly JudgedFile[]): JudgeScores | null {
  const tallies: Record<string, Tally> = Object.fromEntries(Object.keys(JUDGE_MONITORS).map((m) => [m, emptyTally()]));
  const episodes: Record<string, number> = {};
  let runs = 0;
  let unsealed = 0;
  for (const f of files) {
    if (!f.labelled) continue;
    if (!f.sealed) {
      unsealed++;
      continue;
    }
    runs++;
    const online = f.events.filter((e): e is Extract<RunEvent, { type: 'flag' }> => e.type === 'flag');
    const camel = f.events.some((e) => e.type === 'agent.spawn' && e.role.acts.includes('instruct'));
    const monitors = [...Object.keys(JUDGE_MONITORS), ...f.monitors.filter(isBuiltInMonitor)];
    scoreRun(f.events, [...f.flags, ...(online as FlagInput[])], monitors, tallies, { active: (m) => m !== 'camel-rules' || camel });
    for (const ep of truthEpisodes(f.events)) episodes[ep.kind] = (episodes[ep.kind] ?? 0) + 1;
  }
  if (runs === 0) return null;
  return { runs, unsealed, episodes, scores: Object.fromEntries(Object.entries(tallies).map(([m, t]) => [m, scoreOf(t)])) };
}

/**
 * Score the judge on transcripts against trace-level labels (`eval monitors
 * --labels`: transcript id → kinds present, named by monitor), by
 * `evalLabelled`'s rule, with the built-in monitors' scores on the same
 * transcripts after the judge's. Run files among `files` are left out.
 *
 * @example const report = scoreJudgedTraces(files, labels)
 */
export function scoreJudgedTraces(files: readonly JudgedFile[], labels: Labels): LabelledReport {
  const judged = files.filter((f) => f.trace !== null);
  const judge = scoreTraces(judged.map((f) => ({ ...f.trace!, flags: f.flags })), labels, Object.keys(JUDGE_MONITORS), (name) => JUDGE_MONITORS[name as JudgeMonitor].label);
  // The monitors over the events the judge read (the transcripts converted once), as `evalLabelled` runs them.
  const monitors = scoreTraces(judged.map((f) => ({ ...f.trace!, flags: monitorEvents(f.events) })), labels, createMonitorSet({}).names);
  return { ...judge, monitors: { ...judge.monitors, ...monitors.monitors }, verdicts: { ...judge.verdicts, ...monitors.verdicts } };
}
