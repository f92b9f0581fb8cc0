import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/core/events.ts';
import { defineMitigation, MITIGATIONS, mitigationPlugin } from '../../src/mitigations/index.ts';
import { runCollect } from '../helpers/runs.ts';
import { z } from 'zod';
import { interventions, monitors, runWith } from './helpers.ts';

/** A setting of each kind that fires in a short synthetic run. */
const SETTINGS: Record<string, Record<string, string | number | boolean>> = {
  'goal-reinject': { k: 3 },
  'role-reminder': { every: 3 },
  'loop-breaker': {},
  recap: { at: 4 },
  snowball: {},
  'role-guard': {},
  placebo: { like: 'goal-reinject', k: 3 },
};

describe('every mitigation', () => {
  it('acts only through intervention events, which the runner turns into context notes, blocks or stops', async () => {
    expect(Object.keys(SETTINGS).sort()).toEqual(MITIGATIONS.map((m) => m.kind).sort());
    for (const [kind, params] of Object.entries(SETTINGS)) {
      let made = 0;
      for (let seed = 1; seed <= 40 && made === 0; seed++) {
        const { events, requests } = await runWith({ world: seed % 2 ? 'camel-roleplay' : 'relay', worldParams: {}, seed, mitigations: [{ kind, params }], monitors: true });
        const mine = interventions(events).filter((n) => n.mitigation === kind);
        made = mine.length;
        for (const n of mine.filter((m) => m.kind !== 'stop')) {
          // Every note or block reaches the agent's next policy call as a system entry.
          const seen = requests.some((r) => r.agent === n.agent && r.messages.some((m) => m.role === 'system' && m.content === n.content));
          expect(seen, `${kind}: ${n.content.slice(0, 40)}`).toBe(true);
        }
      }
      expect(made, kind).toBeGreaterThan(0);
    }
  });

  it('never sees the ground truth (truth events)', async () => {
    const types = new Set<string>();
    const spy = defineMitigation({
      kind: 'spy',
      summary: 'records what it sees',
      notesOnly: true,
      schema: z.object({}).strict(),
      create: () => (e: RunEvent) => void types.add(e.type),
    });
    let truths = 0;
    for (let seed = 1; seed <= 5; seed++) {
      const { events } = await runCollect({
        config: { world: 'camel-roleplay', seed },
        out: null,
        plugins: [monitors(), mitigationPlugin(spy, spy.parse({}))],
      });
      truths += events.filter((e) => e.type === 'truth').length;
    }
    expect(truths).toBeGreaterThan(0);
    expect(types.has('message')).toBe(true);
    expect(types.has('flag')).toBe(true);
    expect(types.has('truth')).toBe(false);
  });
});
