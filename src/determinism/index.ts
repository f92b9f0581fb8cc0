export { createRng, deriveSeed, RngStreams, type Rng } from './rng.ts';
export { LogicalClock, sleepMs, wallClockIso, wallClockMs } from './clock.ts';
