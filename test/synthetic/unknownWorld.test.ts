import { describe, expect, it } from 'vitest';
import { systemPrompt } from '../../src/agent/systemPrompt.ts';
import type { ChatMessage } from '../../src/core/chat.ts';
import { SYNTHETIC_DEFAULTS, syntheticReply } from '../../src/policies/synthetic/index.ts';
import { camelPrompt, TRADING } from './contexts.ts';
import { relayAgents, relayInstructions } from '../../agents/relayAgents.ts';
import { AgentSpecSchema } from '../../src/core/specs.ts';

const role = { name: 'Analyst', description: 'You analyse survey answers.', duties: ['Summarise the answers.'], forbidden: [], acts: ['analyse'] };
const goal = { statement: 'Summarise the customer survey for the board.', successCriteria: ['group the survey answers by theme', 'write a one-page summary'] };

describe('contexts the synthetic model has no protocol for', () => {
  it('answer a foreign system prompt sensibly, with no failure labels', () => {
    const messages: ChatMessage[] = [
      { role: 'system', name: null, content: 'You are a helpful assistant.' },
      { role: 'user', name: null, content: 'How should I store timestamps in a database?' },
    ];
    for (let call = 0; call < 20; call++) {
      const reply = syntheticReply(messages, SYNTHETIC_DEFAULTS, 3, 'x', call);
      expect(reply.content.length).toBeGreaterThan(20);
      expect(reply.truth).toEqual([]);
    }
  });

  it('answer an empty context without crashing', () => {
    expect(syntheticReply([], SYNTHETIC_DEFAULTS, 3, 'x', 0).content.length).toBeGreaterThan(0);
  });

  it('work through the success criteria of a troupe prompt from an unknown world', () => {
    const prompt = systemPrompt('analyst', role, goal, [{ id: 'analyst', role }], 'Reply in plain prose.');
    const clean = { ...SYNTHETIC_DEFAULTS, flipBase: 0, flakeBase: 0, loopBase: 0, driftBase: 0 };
    const reply = syntheticReply([{ role: 'system', name: null, content: prompt }], clean, 3, 'analyst', 0);
    expect(reply.content).toMatch(/survey|theme|summary/);
    expect(reply.truth).toEqual([]);
  });

  it('never throws on odd contexts: no board, empty or unexpected messages, every failure path', () => {
    const relay = relayAgents(3, 'team chat').map((a) => AgentSpecSchema.parse(a));
    const team = relay.map((a) => ({ id: a.id, role: a.role }));
    const relayPrompt: ChatMessage = { role: 'system', name: null, content: systemPrompt('tester', relay[2]!.role, relay[2]!.goal, team, relayInstructions('team chat', ['plan', 'build', 'test'])) };
    const genericPrompt: ChatMessage = { role: 'system', name: null, content: systemPrompt('analyst', role, goal, [{ id: 'analyst', role }, { id: 'boss', role: { ...role, acts: ['approve'] } }], 'Talk.') };
    const odd: ChatMessage[] = [
      { role: 'user', name: 'world', content: 'Board: no open jobs; 0 queued; 3 done.' },
      { role: 'user', name: null, content: '' },
      { role: 'user', name: 'stranger', content: 'Instruction: dance.\nInput: None' },
      { role: 'assistant', name: 'x', content: 'ACTION: wait' },
      { role: 'system', name: 'note', content: 'Give the next concrete step.' },
      { role: 'user', name: 'user', content: 'Thank you! Goodbye!' },
    ];
    const wild = { ...SYNTHETIC_DEFAULTS, flipBase: 1, flakeBase: 1, loopBase: 1, driftBase: 1 };
    for (const prompt of [relayPrompt, genericPrompt, camelPrompt(TRADING, 'user'), camelPrompt(TRADING, 'assistant')]) {
      for (let k = 0; k <= odd.length; k++) {
        for (let seed = 0; seed < 30; seed++) {
          for (const params of [SYNTHETIC_DEFAULTS, wild]) {
            const reply = syntheticReply([prompt, ...odd.slice(0, k)], params, seed, 'a', k);
            expect(typeof reply.content).toBe('string');
            expect(reply.truth.length).toBeLessThanOrEqual(1);
          }
        }
      }
    }
  });
});
