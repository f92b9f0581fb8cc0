import { OpenAIPolicySpecSchema } from '../../src/core/specs.ts';
import { camelAgents, camelInstructions, CAMEL_USER } from '../../agents/camelAgents.ts';
import { camelTasks } from '../../agents/camelTasks.ts';
import { systemPrompt } from '../../src/agent/systemPrompt.ts';
import type { ChatMessage } from '../../src/core/chat.ts';
import { AgentSpecSchema, type AgentSpec } from '../../src/core/specs.ts';
import type { OpenAISpec } from '../../src/policies/openai/index.ts';

/** A key shaped like a real one, so redaction by shape is exercised too. */
export const TEST_KEY = 'sk-troupe-test-9f8e7d6c5b4a39281706';
export const KEY_ENV = 'TROUPE_TEST_OPENAI_KEY';
export const env = { [KEY_ENV]: TEST_KEY };

const task = camelTasks[0]!;
export const agents: AgentSpec[] = camelAgents(task).map((a) => AgentSpecSchema.parse(a));
export const user = agents.find((a) => a.id === CAMEL_USER)!;

/** The context of the CAMEL user's first call, as the runner builds it. */
export function firstContext(agent: AgentSpec = user): ChatMessage[] {
  const team = agents.filter((a) => a.id !== agent.id).map((a) => ({ id: a.id, role: a.role }));
  return [{ role: 'system', name: null, content: systemPrompt(agent.id, agent.role, agent.goal, team, camelInstructions(task, agent.id)) }];
}

export function openaiSpec(baseUrl: string, overrides: Partial<OpenAISpec> = {}): OpenAISpec {
  return OpenAIPolicySpecSchema.parse({ kind: 'openai', model: 'mock', baseUrl, apiKeyEnv: KEY_ENV, temperature: 0.7, topP: null, seed: 7, maxTokens: 300, ...overrides });
}

/** Small waits so retry tests stay fast. */
export const fastRetry = { initialBackoffMs: 5, maxBackoffMs: 20 };
