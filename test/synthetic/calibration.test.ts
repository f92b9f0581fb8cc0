import { describe, expect, it } from 'vitest';
import type { FailureKind } from '../../src/core/events.ts';
import { camelRuns, camelTerminations, relayRuns, statsOf, type RunStats } from './calibrationStats.ts';
import { mitigationArms, type Arm } from './mitigationArms.ts';
import { CLEAN } from './simulate.ts';

/*
 * Guards the figures of "Calibration runs" in src/policies/synthetic/README.md (section "Parameters and where the
 * defaults come from"), each to the digit the README prints. The runs are deterministic (fixed seeds), so any change
 * to the synthetic dynamics, the worlds or the agents fails here until the README — and the expected values below —
 * are updated to the figures this test prints (in the README's own table format).
 */

const camel = camelRuns();
const camelStats = statsOf(camel);
const relayStats = statsOf(relayRuns());

const KINDS: readonly FailureKind[] = ['role-flip', 'flake', 'loop', 'drift'];
/** A share as the README prints it: a percentage with `digits` decimals. */
const pct = (share: number, digits = 1): string => `${(100 * share).toFixed(digits)}%`;
const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;

describe('the default parameters (calibration, src/policies/synthetic/README.md "Calibration runs")', () => {
  it('give the documented failures in 200 camel runs', () => {
    console.log('camel, 200 runs:', JSON.stringify(camelStats, null, 1), '\nCAMEL-detector terminations:', camelTerminations(camel));
    console.log(
      [
        row(['any failure', pct(camelStats.anyFailure), '']),
        ...KINDS.map((k) => row([k, pct(camelStats.runsWith[k]), pct(camelStats.perReply[k])])),
      ].join('\n'),
    );
    expect(pct(camelStats.anyFailure)).toBe('54.5%');
    expect(KINDS.map((k) => [k, pct(camelStats.runsWith[k]), pct(camelStats.perReply[k])])).toEqual([
      ['role-flip', '18.0%', '1.2%'],
      ['flake', '29.5%', '2.5%'],
      ['loop', '27.0%', '16.0%'],
      ['drift', '13.0%', '4.2%'],
    ]);
  });

  it('let the documented share of camel runs finish, and clean agents all of them', () => {
    const clean = statsOf(camelRuns(CLEAN));
    expect(pct(camelStats.finished)).toBe('91.5%');
    expect(pct(camelStats.progress)).toBe('96.4%');
    expect(camelStats.meanMessages.toFixed(1)).toBe('16.4');
    expect([clean.anyFailure, pct(clean.finished, 0), clean.meanMessages.toFixed(1)]).toEqual([0, '100%', '11.4']);
  });

  it('make failures rarer in the first replies than once the window has filled (documented rates by position)', () => {
    expect(camelStats.byPosition.map((b) => `${b.from}–${b.to}: ${pct(b.rate)}`)).toEqual([
      '1–4: 3.0%',
      '5–8: 10.5%',
      '9–16: 26.0%',
      '17–24: 59.1%',
      '25–60: 67.1%', // the README says 25–40: camel runs stop at 40 messages
    ]);
  });

  it("end camel runs as documented under CAMEL's own detectors", () => {
    const ends = camelTerminations(camel);
    expect(Object.fromEntries(Object.entries(ends).map(([k, v]) => [k, pct(v)]))).toEqual({
      '<CAMEL_TASK_DONE>': '80.0%',
      user_no_instruct_threshold: '10.0%',
      assistant_instruct_threshold: '5.5%',
      repeat_word_threshold: '3.0%',
      max_num_messages: '1.5%',
    });
  });

  it('give the documented failures in 100 relay runs', () => {
    console.log('relay, 100 runs:', JSON.stringify(relayStats, null, 1));
    expect(pct(relayStats.anyFailure, 0)).toBe('84%');
    expect(KINDS.map((k) => [k, pct(relayStats.runsWith[k], 0), pct(relayStats.perReply[k])])).toEqual([
      ['role-flip', '44%', '2.6%'],
      ['flake', '65%', '5.2%'],
      ['loop', '44%', '12.3%'],
      ['drift', '34%', '10.5%'],
    ]);
    expect(pct(relayStats.finished, 0)).toBe('97%');
  });

  it('give the documented mitigation arms (the 200 camel runs once per arm, a note every 4th turn after turn 6)', () => {
    const arms = mitigationArms(200, camelStats);
    const line = (arm: Arm, s: RunStats): string[] => [arm, pct(s.anyFailure), ...KINDS.map((k) => pct(s.perReply[k])), pct(s.finished)];
    const table = (Object.entries(arms) as [Arm, RunStats][]).map(([arm, s]) => line(arm, s));
    console.log('mitigation arms:\n' + table.map(row).join('\n'));
    //          arm                  runs with a failure  flip    flake   loop     drift   finished
    expect(table).toEqual([
      ['none', '54.5%', '1.2%', '2.5%', '16.0%', '4.2%', '91.5%'],
      ['placebo', '54.5%', '1.2%', '2.5%', '16.4%', '3.8%', '90.5%'],
      ['goal re-injection', '48.5%', '1.5%', '1.9%', '8.3%', '2.0%', '97.0%'],
      ['role reminder', '50.5%', '0.8%', '2.3%', '17.1%', '3.6%', '91.0%'],
      ['loop breaker', '54.5%', '1.3%', '2.7%', '8.4%', '6.1%', '93.0%'],
    ]);
  });
});
