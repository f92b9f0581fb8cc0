import { describe, expect, it } from 'vitest';
import { interventions, runWith, scripted } from './helpers.ts';

describe('recap and snowball (Laban et al.)', () => {
  it('recap restates everything the agents said so far, once, at the turn asked', async () => {
    const agents = await scripted();
    const { events } = await runWith({ mitigations: [{ kind: 'recap', params: { at: 5 } }], agents });
    const notes = interventions(events);
    expect(notes.map((n) => [n.tick, n.agent])).toEqual([
      [5, 'user'],
      [5, 'assistant'],
    ]);
    const said = events.filter((e) => e.type === 'message' && e.from !== 'world' && e.tick < 5);
    expect(said).toHaveLength(4);
    const lines = notes[0]!.content.split('\n');
    expect(lines[0]).toBe('Recap of the conversation so far:');
    expect(lines.slice(1).map((l) => l.split(':')[0])).toEqual(['- user', '- assistant', '- user', '- assistant']);
  });

  it("snowball restates, every turn, the other agents' previous messages to the speaker", async () => {
    const agents = await scripted();
    const { events } = await runWith({ mitigations: [{ kind: 'snowball', params: {} }], agents });
    const notes = interventions(events);
    // Turn 1 has nothing to restate; from turn 2 on, one note a turn, to that turn's speaker.
    const speakers = new Map(events.flatMap((e) => (e.type === 'turn.start' ? [[e.turn, e.speakers[0]!] as const] : [])));
    expect(notes.map((n) => n.tick)).toEqual([...speakers.keys()].filter((t) => t >= 2));
    for (const n of notes) {
      expect(n.agent).toBe(speakers.get(n.tick));
      const restated = n.content.split('\n').slice(1);
      expect(restated.every((l) => !l.startsWith(`- ${n.agent}:`))).toBe(true);
      const others = events.filter((e) => e.type === 'message' && e.from !== 'world' && e.from !== n.agent && e.tick < n.tick);
      expect(restated).toHaveLength(others.length);
    }
  });
});
