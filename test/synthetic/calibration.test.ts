import { describe, expect, it } from 'vitest';
import { camelRuns, camelTerminations, relayRuns, statsOf } from './calibrationStats.ts';

const camel = camelRuns();
const camelStats = statsOf(camel);
const relayStats = statsOf(relayRuns());

describe('the default parameters (calibration, README.md)', () => {
  it('give about half of 200 camel runs at least one failure within 40 messages', () => {
    console.log('camel, 200 runs:', JSON.stringify(camelStats, null, 1), '\nCAMEL-detector terminations:', camelTerminations(camel));
    expect(camelStats.anyFailure).toBeGreaterThan(0.35);
    expect(camelStats.anyFailure).toBeLessThan(0.7);
    for (const share of Object.values(camelStats.runsWith)) expect(share).toBeGreaterThan(0.05);
  });

  it('make failures rarer in the first replies than once the window has filled', () => {
    const first = camelStats.byPosition[0]!.rate;
    const late = camelStats.byPosition[3]!.rate;
    expect(late).toBeGreaterThan(3 * first);
    for (let i = 1; i < 4; i++) expect(camelStats.byPosition[i]!.rate).toBeGreaterThan(camelStats.byPosition[i - 1]!.rate);
  });

  it('still let most camel runs finish', () => {
    expect(camelStats.finished).toBeGreaterThan(0.75);
  });

  it('show role flips and loops in relay runs', () => {
    console.log('relay, 100 runs:', JSON.stringify(relayStats, null, 1));
    expect(relayStats.runsWith['role-flip']).toBeGreaterThan(0.1);
    expect(relayStats.runsWith.loop).toBeGreaterThan(0.1);
  });
});
