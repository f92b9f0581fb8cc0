export { agentMachine, agentPrompt, type AgentContext, type AgentEvent, type AgentInput } from './agentMachine.ts';
export { parseSystemPrompt, systemPrompt, type ParsedSystemPrompt, type TeamEntry } from './systemPrompt.ts';
