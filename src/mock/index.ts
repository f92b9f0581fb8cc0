// The loopback OpenAI-compatible server (`troupe serve-mock`).
export { startMockServer, type MockServer, type MockServerOptions, type MockServerStats } from './startMockServer.ts';
export { MOCK_FAULTS, faultFor, type FaultPlan, type MockFault } from './mockFaults.ts';
export { describeRequest, type MockChatRequest, type MockResponder } from './mockReply.ts';
export { defaultMockResponder, syntheticResponder } from './defaultMockResponder.ts';
export { MOCK_FINGERPRINT } from './completionBody.ts';
export { sampleFromJsonSchema } from './sampleFromJsonSchema.ts';
export { startMockServerWorker } from './startMockServerWorker.ts';
