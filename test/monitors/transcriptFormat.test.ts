import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { monitorEvents } from '../../src/monitors/monitorEvents.ts';
import { flagsToMessageIndices, parseTranscript, TRANSCRIPT_FORMAT, transcriptToEvents } from '../../src/transcript/index.ts';

const good = {
  format: TRANSCRIPT_FORMAT,
  id: 'demo',
  task: 'Write a function that merges two sorted lists.',
  agents: [
    { id: 'Planner', role: 'Plans the work and delegates it; never writes code.' },
    { id: 'Coder', role: 'Writes the implementation.' },
  ],
  messages: [
    { from: 'Planner', to: 'Coder', content: 'Please implement merge_sorted(a, b) for two sorted lists.' },
    { from: 'Coder', to: null, content: '' },
    { from: 'Planner', to: null, content: "## Coder's Implementation\nHere is merge_sorted with a two-pointer walk over both lists." },
  ],
};

describe('the transcript format troupe.transcript/1', () => {
  it('converts to events whose flags refer to 0-based message indices', () => {
    const converted = transcriptToEvents(parseTranscript(good));
    const flags = flagsToMessageIndices(monitorEvents(converted.events), converted);
    expect(flags.map((f) => [f.monitor, f.agent, f.span.end])).toEqual([
      ['flake-reply', 'Coder', 1],
      ['role-flip', 'Planner', 2],
    ]);
    expect(flags[1]!.evidence[0]!.seq).toBe(2);
  });

  it('reads roles from free text: a Planner plans, a Coder builds', () => {
    const spawns = transcriptToEvents(parseTranscript(good)).events.filter((e) => e.type === 'agent.spawn');
    expect(spawns.map((e) => (e.type === 'agent.spawn' ? e.role.acts : []))).toEqual([['plan'], ['build']]);
  });

  it.each([
    ['a message from an unknown agent', { ...good, messages: [{ from: 'Bob', content: 'hi' }] }, /"Bob" is not one of the agents \(Planner, Coder\)\n\s*→ at messages\[0\]\.from/],
    ['a wrong format name', { ...good, format: 'troupe.transcript/9' }, /format must be "troupe\.transcript\/1"\n\s*→ at format/],
    ['a message without content', { ...good, messages: [{ from: 'Coder' }] }, /→ at messages\[0\]\.content/],
    ['no agents', { ...good, agents: [] }, /list at least one agent\n\s*→ at agents/],
    ['a duplicate agent id', { ...good, agents: [good.agents[0], good.agents[0]] }, /duplicate agent id "Planner"\n\s*→ at agents\[1\]\.id/],
  ])('rejects %s with a readable error naming the field', (_name, bad, message) => {
    expect(() => parseTranscript(bad, 'Transcript t.json')).toThrow(UserError);
    expect(() => parseTranscript(bad, 'Transcript t.json')).toThrow(message);
    expect(() => parseTranscript(bad, 'Transcript t.json')).toThrow(/^Transcript t\.json failed validation:/);
  });
});
