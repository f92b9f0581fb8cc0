import { describe, expect, it } from 'vitest';
import { faultFor, startMockServer } from '../../src/mock/index.ts';

describe('the loopback server', () => {
  it('injects faults by request number, the same ones for the same seed', () => {
    const plan = { failWith: null, errorRate: 0.3, failFirst: null, seed: 5 };
    const a = Array.from({ length: 200 }, (_, n) => faultFor(plan, n));
    const b = Array.from({ length: 200 }, (_, n) => faultFor(plan, n));
    expect(a).toEqual(b);
    const share = a.filter(Boolean).length / a.length;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.4);
    expect(new Set(a.filter(Boolean))).toEqual(new Set(['429', '500']));
  });

  it('lists a model, answers unknown routes with an OpenAI-style 404, and rejects bodies without messages', async () => {
    const server = await startMockServer({ port: 0 });
    try {
      const models = await (await fetch(`${server.url}/models`)).json();
      expect(models).toMatchObject({ object: 'list', data: [{ id: 'mock' }] });
      const missing = await fetch(`${server.url}/embeddings`, { method: 'POST', body: '{}' });
      expect(missing.status).toBe(404);
      expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
      const bad = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: '{"model":"m"}' });
      expect(bad.status).toBe(400);
    } finally {
      await server.close();
    }
  });

  it('answers identical requests identically, whatever their order', async () => {
    const server = await startMockServer({ port: 0, seed: 3 });
    try {
      const ask = async (content: string) =>
        (await (await fetch(`${server.url}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'mock', messages: [{ role: 'user', content }] }),
        })).json()) as { choices: { message: { content: string } }[] };
      const [x1, y1] = await Promise.all([ask('x'), ask('y')]);
      const [y2, x2] = await Promise.all([ask('y'), ask('x')]);
      expect(x1).toEqual(x2);
      expect(y1).toEqual(y2);
    } finally {
      await server.close();
    }
  });
});
