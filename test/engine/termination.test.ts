import { describe, expect, it } from 'vitest';
import { runWorld } from '../../src/runner/index.ts';
import { plainReply, replyOutcome } from '../../src/policies/Policy.ts';
import { runCollect, scriptedAgents } from '../helpers/runs.ts';

describe('termination', () => {
  it('ends camel role play with "done" when the user sends the done token', async () => {
    const agents = await scriptedAgents('camel-roleplay', { task: 'trading-bot' }, 1);
    const { result, events } = await runCollect({ config: { world: 'camel-roleplay', seed: 1, worldParams: { task: 'trading-bot' }, agents } });
    expect(result.termination.reason).toBe('done');
    expect(result.progress).toBe(1);
    expect(events.at(-1)).toMatchObject({ type: 'run.end', reason: 'done', progress: 1 });
  });

  it('ends the relay with "goal-reached" when every job is delivered', async () => {
    const result = await runWorld({ config: { world: 'relay', seed: 1, worldParams: { jobs: 2, testFailRate: 0 }, agents: await scriptedAgents('relay', {}, 1) } });
    expect(result.termination.reason).toBe('goal-reached');
    expect(result.turns).toBe(8);
  });

  it('stops at the turn cap with "max-turns"', async () => {
    const result = await runWorld({ config: { world: 'relay', seed: 1, maxTurns: 3, agents: await scriptedAgents('relay', {}, 1) } });
    expect(result.termination.reason).toBe('max-turns');
    expect(result.turns).toBe(3);
  });

  it('caps camel role play at 40 messages with "max-messages" when nobody says done', async () => {
    const agents = (await scriptedAgents('camel-roleplay', { task: 'trading-bot' }, 1)).map((a) => ({
      ...a,
      policy: { kind: 'scripted' as const, replies: ['Thank you, that is great.'] },
    }));
    const result = await runWorld({ config: { world: 'camel-roleplay', seed: 1, worldParams: { task: 'trading-bot' }, maxTurns: 100, agents } });
    expect(result.termination).toEqual({ reason: 'max-messages', detail: '40 messages (cap 40)' });
  });

  it('ends with "error" and a sealed run when a policy exhausts its attempts', async () => {
    const { result, events } = await runCollect({
      config: { world: 'relay', seed: 1, agents: await scriptedAgents('relay', {}, 1) },
      policyFor: () => ({
        kind: 'failing',
        settings: {},
        decide: () => ({
          attempts: [1, 2].map(() => ({ reply: null, error: { kind: 'http' as const, status: 500, message: 'server error', retryAfterMs: null }, backoffMs: 10 })),
        }),
      }),
    });
    expect(result.termination.reason).toBe('error');
    expect(result.termination.detail).toContain('server error');
    expect(events.filter((e) => e.type === 'model.response')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'agent.state' && e.to === 'failed').length).toBeGreaterThan(0);
  });

  it('ends with "budget" when the policy reports an exhausted budget', async () => {
    let calls = 0;
    const result = await runWorld({
      config: { world: 'relay', seed: 1, agents: await scriptedAgents('relay', {}, 1) },
      policyFor: (_spec, ctx) => ({
        kind: 'budgeted',
        settings: {},
        decide: () =>
          ++calls > 3
            ? { attempts: [{ reply: null, error: { kind: 'budget' as const, status: null, message: 'request budget of 3 spent', retryAfterMs: null }, backoffMs: null }] }
            : replyOutcome(plainReply(`ok\nACTION: ${ctx.agent.role.acts[0]}`)),
      }),
    });
    expect(result.termination).toMatchObject({ reason: 'budget' });
    expect(result.turns).toBe(4);
  });
});
