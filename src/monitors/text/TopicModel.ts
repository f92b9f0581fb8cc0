import { isFiller } from './substance.ts';
import { stem } from './tokenize.ts';

/**
 * Words about doing work in general (results, steps, checks, code): on-task in
 * any task, so they neither raise nor lower relevance (nor do the fillers of
 * acknowledgements, promises and pleasantries). Without them the first
 * messages of a run, before IDF has seen anything, would look off-task.
 */
const NEUTRAL = new Set(
  (
    'work part step steps task tasks result results output input inputs data detail details value values check checks checked ' +
    'test tested example examples function functions code logic approach way version case cases requirement requirements ' +
    'implement implemented implementation write wrote written build built set setup define defined compute computed make made ' +
    'use used using handle handles apply applied collect gather store stored keep return returns clear simple small short ' +
    'first second third last previous following three two one sample record records field fields note notes plan job jobs ' +
    'done ready good great sure continue progress instruction solution answer problem question point thing things rule ' +
    'expected behave behaves works working sketch assert inputs explicit consistent sensible defaults default concrete ' +
    'complete completed full current new later earlier quick aside moment wait lead describe explain show list provide tell ' +
    'idea thought think thinking reminds remind speaking something anything everything nothing ' +
    'output outputs split agree team scope risk risks interface criteria acceptance edge module modules ' +
    'compile cleanly piece pieces wire wired follow end path cover covers readable naming fix fixes block blocks ' +
    'change changes match matches hold holding standing await awaiting waiting board live deploy release notes ' +
    'verify verified easy review reviewed plan planned test tests tested build built implement run ran pass passes case cases unit integration ' +
    'approach solve solved step steps task tasks requirement need needed needs want part parts ' +
    'verification trace tracing traced confirm confirmed requirements spec specification summary remaining fail failed failing ' +
    'behavior behaviour bug bugs issue issues correct correctness concrete independently independent original final state ' +
    'item items actual actually explicit explicitly key found find report reported checklist pass passed python type types ' +
    'class method methods call calls caller return value error errors exception exceptions argument arguments line lines file files'
  )
    .split(' ')
    .map(stem),
);

/**
 * Lexical relevance of text to the task. The anchor is the task vocabulary:
 * goal statements, success criteria, teammates' names and world notes at
 * weight 1, plus words learned from clearly on-task clauses at a lower
 * weight. Work words and fillers are neutral. (Weighting by the
 * conversation's own IDF was tried and dropped: it also discounts the task's
 * words, which every on-task message repeats.) Cost is linear in the tokens
 * judged; nothing scans history.
 */
export class TopicModel {
  private readonly anchor = new Map<string, number>();

  /** Add goal/task text: each token gets anchor weight `weight` (the strongest weight wins). */
  anchorTokens(tokens: readonly string[], weight = 1): void {
    for (const t of tokens) if ((this.anchor.get(t) ?? 0) < weight) this.anchor.set(t, weight);
  }

  /**
   * Judge a text's tokens: how many distinct informative tokens it has (not
   * work words or fillers), and its relevance in [0, 1] to the task — the
   * share of those tokens that are task vocabulary, each counted with its
   * anchor weight (null when it has none).
   */
  judge(tokens: readonly string[]): { informative: number; relevance: number | null } {
    let on = 0;
    let all = 0;
    const seen = new Set<string>();
    for (const t of tokens) {
      if (seen.has(t) || NEUTRAL.has(t) || isFiller(t)) continue;
      seen.add(t);
      all++;
      on += this.anchor.get(t) ?? 0;
    }
    return { informative: all, relevance: all === 0 ? null : on / all };
  }
}
